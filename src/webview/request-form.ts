/**
 * The request side of the builder: path and query parameters, extra headers and the body (JSON in
 * CodeMirror, or multipart fields with files picked through the host).
 */
import { isCredentialHeader } from '../core/common/credential-headers';
import type { RouteInfo } from '../core/catalogue/route-types';
import { pathParamNames } from '../core/requests/request-model';
import type { BuilderBodyKind, BuilderRequest, FormPart, NameValue } from '../protocol/protocol';
import { button, checkbox, select, textField } from './controls';
import { formatSize, h, replaceChildren } from './dom';
import { loadEditors } from './editors';
import type { BodyEditor } from './json-editor';
import { Problem, setStream, syncStream } from './request-edit';
import { TEMPLATES } from './templates';

export interface FormHost {
  request(): BuilderRequest;
  route(): RouteInfo | undefined;
  /** Stores a new request; `rerender` rebuilds the form (after structural changes). */
  update(next: BuilderRequest, rerender: boolean): void;
  pickFile(partIndex: number): void;
  applyTemplate(id: string): void;
  resetToExample(): void;
  notify(message: string): void;
}


export class RequestForm {
  readonly params = h('div', { class: 'section', id: 'params-section' });
  readonly headers = h('div', { class: 'section', id: 'headers-section' });
  readonly body = h('div', { class: 'section', id: 'body-section' });
  /** Created when a JSON body is first rendered (CodeMirror loads lazily); it starts from the request's body then. */
  private editor: BodyEditor | undefined;
  private editorLoading: Promise<BodyEditor> | undefined;
  private readonly editorHost = h('div', { class: 'body-editor', id: 'body-editor' });
  private readonly bodyError = h('div', { class: 'field-error', id: 'body-error', role: 'status', 'aria-live': 'polite' });
  private streamBox: HTMLElement | undefined;

  constructor(private readonly host: FormHost, private readonly nonce: string | undefined) {}

  render(): void {
    this.renderParams();
    this.renderHeaders();
    this.renderBody();
  }

  /** Shows what blocks Send next to the field at fault. */
  showProblems(problems: readonly Problem[]): void {
    const body = problems.find((p) => p.where === 'body');
    this.bodyError.textContent = body ? body.message : '';
    for (const el of this.headers.querySelectorAll('.field-error')) el.textContent = '';
    const header = problems.find((p) => p.where === 'headers');
    const slot = this.headers.querySelector('.headers-error');
    if (slot) slot.textContent = header?.message ?? '';
  }

  focusBody(): void {
    if (this.editor) this.editor.focus();
    else void this.editorLoading?.then((editor) => editor.focus());
  }

  // ----- parameters

  renderParams(): void {
    const request = this.host.request();
    const route = this.host.route();
    const rows: HTMLElement[] = [];
    const names = pathParamNames(request.path);
    if (names.length > 0) rows.push(h('h3', {}, 'Path parameters'));
    for (const name of names) {
      rows.push(this.paramRow(`{${name}}`, true, textField(request.pathParams[name] ?? '', { label: `Path parameter ${name} (required)`, required: true, id: `path-param-${name}` }, (value) => {
        const current = this.host.request();
        this.host.update({ ...current, pathParams: { ...current.pathParams, [name]: value } }, false);
      })));
    }
    rows.push(h('h3', {}, 'Query parameters'));
    const known = new Map((route?.params ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p]));
    request.query.forEach((row, index) => {
      const param = known.get(row.name);
      const setValue = (value: string): void => this.setQuery(index, { name: row.name, value });
      if (param) {
        const label = `Query parameter ${param.name}${param.required ? ' (required)' : ''}`;
        const field = param.enum
          ? select([{ value: '', label: '(not set)' }, ...param.enum.map((v) => ({ value: v, label: v }))], row.value, label, setValue)
          : param.type === 'boolean'
            ? select([{ value: '', label: '(not set)' }, { value: 'true', label: 'true' }, { value: 'false', label: 'false' }], row.value, label, setValue)
            : textField(row.value, { label, placeholder: param.type === 'array' ? 'one value (add a row with the same name for more)' : param.type, required: param.required }, setValue);
        rows.push(this.paramRow(param.name, param.required, field));
      } else {
        rows.push(h('div', { class: 'row' },
          textField(row.name, { label: `Name of query parameter ${index + 1}`, placeholder: 'name' }, (name) => this.setQuery(index, { name, value: this.host.request().query[index]?.value ?? '' })),
          textField(row.value, { label: `Value of query parameter ${index + 1}`, placeholder: 'value' }, (value) => this.setQuery(index, { name: this.host.request().query[index]?.name ?? '', value })),
          button('Remove', () => this.removeRow('query', index), { secondary: true, title: 'Remove this query parameter' }),
        ));
      }
    });
    rows.push(h('div', { class: 'row' }, button('Add query parameter', () => {
      const current = this.host.request();
      this.host.update({ ...current, query: [...current.query, { name: '', value: '' }] }, true);
    }, { secondary: true })));
    replaceChildren(this.params, ...rows);
  }

  private paramRow(label: string, required: boolean, field: HTMLElement): HTMLElement {
    return h('div', { class: 'row param-row' },
      h('span', { class: 'param-name' }, label, required ? h('span', { class: 'required', title: 'Required' }, ' *') : null),
      field);
  }

  private setQuery(index: number, row: NameValue): void {
    const current = this.host.request();
    const query = current.query.map((q, i) => (i === index ? row : q));
    this.host.update({ ...current, query }, false);
  }

  private removeRow(which: 'query' | 'headers', index: number): void {
    const current = this.host.request();
    this.host.update({ ...current, [which]: current[which].filter((_, i) => i !== index) }, true);
  }

  // ----- headers

  renderHeaders(): void {
    const request = this.host.request();
    const rows: HTMLElement[] = [h('p', { class: 'note' }, 'Extra headers. The key you pick supplies Authorization, organization and project; credential headers are refused here.')];
    request.headers.forEach((row, index) => {
      const set = (next: NameValue): void => {
        const current = this.host.request();
        this.host.update({ ...current, headers: current.headers.map((r, i) => (i === index ? next : r)) }, false);
        nameField.toggleAttribute('invalid', isCredentialHeader(next.name));
      };
      const nameField = textField(row.name, { label: `Name of header ${index + 1}`, placeholder: 'Header-Name', invalid: isCredentialHeader(row.name) }, (name) => set({ name, value: this.host.request().headers[index]?.value ?? '' }));
      rows.push(h('div', { class: 'row' },
        nameField,
        textField(row.value, { label: `Value of header ${index + 1}`, placeholder: 'value' }, (value) => set({ name: this.host.request().headers[index]?.name ?? '', value })),
        button('Remove', () => this.removeRow('headers', index), { secondary: true, title: 'Remove this header' }),
      ));
    });
    rows.push(h('div', { class: 'field-error headers-error', role: 'status', 'aria-live': 'polite' }));
    rows.push(h('div', { class: 'row' }, button('Add header', () => {
      const current = this.host.request();
      this.host.update({ ...current, headers: [...current.headers, { name: '', value: '' }] }, true);
    }, { secondary: true, id: 'add-header' })));
    replaceChildren(this.headers, ...rows);
  }

  // ----- body

  renderBody(): void {
    const request = this.host.request();
    const route = this.host.route();
    const kinds: { value: BuilderBodyKind; label: string }[] = [
      { value: 'none', label: 'No body' },
      { value: 'json', label: 'JSON' },
      { value: 'multipart', label: 'Form (multipart)' },
    ];
    const toolbar = h('div', { class: 'row toolbar' },
      select(kinds, request.bodyKind, 'Body kind', (value) => {
        const current = this.host.request();
        const bodyKind = value as BuilderBodyKind;
        this.host.update({ ...current, bodyKind, body: bodyKind === 'json' && current.body.trim() === '' ? '{}' : current.body }, true);
      }, 'body-kind'),
      select([{ value: '', label: 'Start from a template…' }, ...TEMPLATES.map((t) => ({ value: t.id, label: t.label }))], '', 'Start from a template', (id) => {
        if (id) this.host.applyTemplate(id);
      }, 'template-select'),
      route ? button('Reset to example', () => this.host.resetToExample(), { secondary: true, title: 'Replace the body with the route\'s minimal example' }) : null,
      request.bodyKind === 'json' ? button('Format', () => this.format(), { secondary: true, title: 'Pretty-print the JSON body' }) : null,
    );
    this.streamBox = request.bodyKind !== 'none' && (route?.streaming ?? true)
      ? checkbox('Stream the response', request.stream, (on) => {
        const result = setStream(this.host.request(), on);
        if (result.error) {
          this.host.notify(result.error);
          if (this.streamBox) (this.streamBox as HTMLElement & { checked: boolean }).checked = !on;
          return;
        }
        this.host.update(result.request, false);
        this.editor?.setText(result.request.body);
      }, 'stream-toggle')
      : undefined;
    if (this.streamBox) toolbar.appendChild(this.streamBox);

    const children: (HTMLElement | null)[] = [toolbar];
    if (request.bodyKind === 'json') {
      if (this.editor) this.editor.setText(request.body);
      else this.editorLoading ??= loadEditors().then(({ createBodyEditor }) => {
        this.editor = createBodyEditor(this.editorHost, this.nonce, this.host.request().body, (text) => {
          this.host.update(syncStream({ ...this.host.request(), body: text }), false);
          this.syncStreamBox();
        }, 'JSON body');
        return this.editor;
      });
      children.push(this.editorHost, this.bodyError);
    } else if (request.bodyKind === 'multipart') {
      children.push(this.renderForm(request.form), this.bodyError);
    } else {
      children.push(h('p', { class: 'note' }, route ? `${route.method} ${route.path} takes no body.` : 'This request has no body.'));
    }
    replaceChildren(this.body, ...children);
  }

  /** Keeps the stream checkbox in step with "stream" typed into the JSON. */
  syncStreamBox(): void {
    if (this.streamBox) (this.streamBox as HTMLElement & { checked: boolean }).checked = this.host.request().stream;
  }

  /** Sets the editor text after the request was replaced from outside (route, template, load). */
  setBodyText(text: string): void {
    this.editor?.setText(text);
  }

  private format(): void {
    const current = this.host.request();
    try {
      const text = JSON.stringify(JSON.parse(current.body), null, 2);
      this.host.update({ ...current, body: text }, false);
      this.editor?.setText(text);
    } catch {
      this.host.notify('The body is not valid JSON yet; fix the marked error first.');
    }
  }

  private renderForm(parts: readonly FormPart[]): HTMLElement {
    const rows: HTMLElement[] = [];
    parts.forEach((part, index) => {
      const nameField = textField(part.name, { label: `Name of form part ${index + 1}`, placeholder: 'name' }, (name) => this.setPart(index, { ...this.partAt(index), name }));
      if (part.kind === 'field') {
        rows.push(h('div', { class: 'row' }, nameField,
          textField(part.value, { label: `Value of form field ${part.name || index + 1}` }, (value) => this.setPart(index, { kind: 'field', name: this.partAt(index).name, value })),
          button('Remove', () => this.removePart(index), { secondary: true })));
      } else {
        const chosen = part.file ? `${part.file.filename} (${formatSize(part.file.size)})` : 'No file chosen';
        rows.push(h('div', { class: 'row' }, nameField,
          h('span', { class: 'file-name' }, chosen),
          button(part.file ? 'Change file…' : 'Choose file…', () => this.host.pickFile(index), { secondary: !!part.file, id: `pick-file-${index}` }),
          button('Remove', () => this.removePart(index), { secondary: true })));
      }
    });
    const add = h('div', { class: 'row' },
      button('Add field', () => this.addPart({ kind: 'field', name: '', value: '' }), { secondary: true }),
      button('Add file', () => this.addPart({ kind: 'file', name: 'file' }), { secondary: true }));
    return h('div', { class: 'form-parts' }, h('p', { class: 'note' }, 'Files are read by VS Code when you send; the panel never sees their bytes.'), ...rows, add);
  }

  private partAt(index: number): FormPart {
    return this.host.request().form[index] ?? { kind: 'field', name: '', value: '' };
  }

  private setPart(index: number, part: FormPart): void {
    const current = this.host.request();
    this.host.update(syncStream({ ...current, form: current.form.map((p, i) => (i === index ? part : p)) }), false);
  }

  private addPart(part: FormPart): void {
    const current = this.host.request();
    this.host.update({ ...current, form: [...current.form, part] }, true);
  }

  private removePart(index: number): void {
    const current = this.host.request();
    this.host.update({ ...current, form: current.form.filter((_, i) => i !== index) }, true);
  }
}
