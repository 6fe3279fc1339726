// The permission model's rules added for the catalogue: groups per key kind, Model capability
// sub-items, and levels that cannot hold the matrix claimed for them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RESOURCE_GROUPS, declaredAccess, describePermission, emptyMatrix, groupsForKeyKind, parsePermission, toPermission, validatePermissionForLevel } from '../../src/core/permissions/permission-model';

describe('permission model', () => {
  it('rejects a Read only key whose matrix claims writes or model requests', () => {
    assert.throws(() => validatePermissionForLevel('read-only', { files: 'write' }), /A Read only key cannot have Files: Write/);
    assert.throws(() => parsePermission({ level: 'read-only', matrix: { 'model-capabilities': 'request' } }), /Model capabilities: Request/);
    assert.deepEqual(parsePermission({ level: 'read-only', matrix: { files: 'read' } }), { level: 'read-only' });
    assert.deepEqual(parsePermission({ level: 'read-only' }), { level: 'read-only' });
    assert.deepEqual(validatePermissionForLevel('all', { files: 'write' }), { level: 'all' });
  });

  it('keeps parsing Restricted matrices as before, and validates them', () => {
    const parsed = parsePermission({ level: 'restricted', matrix: { files: 'write', models: 'read' } });
    assert.deepEqual(parsed, { level: 'restricted', matrix: { ...emptyMatrix(), files: 'write', models: 'read' } });
    assert.throws(() => parsePermission({ level: 'restricted', matrix: { models: 'write' } }), /List models cannot be set to 'write'/);
    assert.throws(() => parsePermission({ level: 'restricted' }), /needs a permission matrix/);
    assert.throws(() => parsePermission({ level: 'restricted', matrix: { nope: 'read' } }), /Unknown resource group 'nope'/);
    assert.throws(() => parsePermission({ level: 'root' }), /Unknown permission level/);
  });

  it('parses Model capability sub-items and rejects unknown ones', () => {
    const parsed = parsePermission({ level: 'restricted', matrix: {}, capabilities: { 'chat-completions': 'request', images: 'none' } });
    assert.equal(parsed.level, 'restricted');
    assert.deepEqual(parsed.level === 'restricted' ? parsed.capabilities : undefined, { 'chat-completions': 'request', images: 'none' });
    assert.throws(() => parsePermission({ level: 'restricted', matrix: {}, capabilities: { telepathy: 'request' } }), /Unknown model capability/);
    assert.throws(() => parsePermission({ level: 'restricted', matrix: {}, capabilities: { images: 'write' } }), /choose None or Request/);
  });

  it('splits groups between admin keys and the others', () => {
    const project = groupsForKeyKind('project').map((g) => g.id);
    const admin = groupsForKeyKind('admin').map((g) => g.id);
    assert.deepEqual(admin, ['usage', 'management']);
    assert.ok(project.includes('files') && project.includes('chatkit') && !project.includes('management'));
    assert.equal(project.length + admin.length, RESOURCE_GROUPS.length);
    assert.equal(describePermission({ level: 'restricted', matrix: { ...emptyMatrix(), files: 'read' } }), `Restricted (1 of ${project.length} groups)`);
    assert.equal(describePermission({ level: 'restricted', matrix: { ...emptyMatrix(), usage: 'read' } }), 'Restricted (1 of 2 groups)');
  });

  it('saves a detected matrix that grants every project group its strongest setting as All, else as Restricted', () => {
    const full = { ...emptyMatrix() };
    for (const g of groupsForKeyKind('project')) full[g.id] = g.choices[g.choices.length - 1]!;
    assert.deepEqual(toPermission(full), { level: 'all' });
    const partial = { ...full, files: 'read' as const };
    assert.deepEqual(toPermission(partial), { level: 'restricted', matrix: partial });
  });

  it('labels the access a permission declares for a group', () => {
    const files = RESOURCE_GROUPS.find((g) => g.id === 'files')!;
    const capabilities = RESOURCE_GROUPS.find((g) => g.id === 'model-capabilities')!;
    assert.equal(declaredAccess({ level: 'all' }, files), 'Write');
    assert.equal(declaredAccess({ level: 'all' }, capabilities), 'Request');
    assert.equal(declaredAccess({ level: 'read-only' }, files), 'Read');
    assert.equal(declaredAccess({ level: 'read-only' }, capabilities), 'None');
    assert.equal(declaredAccess({ level: 'restricted', matrix: { ...emptyMatrix(), files: 'read' } }, files), 'Read');
  });
});
