// Import from curl, tried as a reviewer would break it: every place a key can sit (Authorization in any
// case, api-key, x-api-key, -u in each form, the query) is found and removed everywhere, every copy of it;
// credential headers never stay; the shell words and options are read as a shell and curl would.
// Written against parseCurl()/shellWords() only, so it holds whatever the module looks like inside.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCurl, shellWords } from '../../src/core/requests/export/curl-import';
import { REDACTED } from '../../src/core/common/redaction';

/** Built at run time: no key-shaped literal in the repository. */
const KEY = 'sk-proj-' + 'Qx7'.repeat(15) + 'wxyz';
const OTHER = 'sk-proj-' + 'Lm4'.repeat(15) + 'abcz';
const URL_ = 'https://api.openai.com/v1/models';

function assertTaken(text: string, key = KEY): ReturnType<typeof parseCurl> {
  const parsed = parseCurl(text);
  assert.equal(parsed.extractedKey, key, text);
  assert.ok(!JSON.stringify(parsed.request).includes(key), text);
  assert.ok(!JSON.stringify(parsed.warnings).includes(key), text);
  return parsed;
}

describe('curl import: where a key can sit', () => {
  it('in an api-key or x-api-key header, in any case', () => {
    for (const name of ['api-key', 'x-api-key', 'X-Api-Key', 'API-KEY']) {
      const parsed = assertTaken(`curl ${URL_} -H '${name}: ${KEY}' -H 'X-Trace: 1'`);
      assert.deepEqual(parsed.request.headers, { 'X-Trace': '1' }, name);
    }
  });

  it('in Authorization: Bearer, in any case and spacing', () => {
    for (const value of [`Bearer ${KEY}`, `bearer ${KEY}`, `BEARER   ${KEY}`]) {
      const parsed = assertTaken(`curl ${URL_} -H 'Authorization: ${value}'`);
      assert.deepEqual(parsed.request.headers, {});
      assert.deepEqual(parsed.warnings, []);
    }
    assertTaken(`curl ${URL_} -H 'AUTHORIZATION: Bearer ${KEY}'`);
  });

  it('in -u and --user, attached or not, as user or password', () => {
    for (const option of [`-u${KEY}`, `-u ${KEY}`, `-u ${KEY}:`, `-u :${KEY}`, `-u user:${KEY}`, `--user ${KEY}`, `--user=${KEY}`, `--user=me:${KEY}`]) {
      const parsed = assertTaken(`curl ${URL_} ${option}`);
      assert.deepEqual(parsed.request.headers, {}, option);
    }
  });

  it('in the query, under each key-like name, leaving the other parameters', () => {
    for (const name of ['api_key', 'api-key', 'key']) {
      const parsed = assertTaken(`curl '${URL_}?limit=2&${name}=${KEY}'`);
      assert.deepEqual(parsed.request.query, { limit: '2' }, name);
    }
  });

  it('takes the first key when the command carries several, and removes every copy of it', () => {
    const parsed = assertTaken(`curl https://api.openai.com/v1/responses -H 'Authorization: Bearer ${KEY}' -H 'api-key: ${OTHER}' -d '{"a":"${KEY}","b":"${KEY}","c":["${KEY}"]}'`);
    assert.equal(parsed.request.body.kind, 'json');
    const text = parsed.request.body.kind === 'json' ? parsed.request.body.text : '';
    assert.equal(text.split(REDACTED).length - 1, 3, text);
  });

  it('removes the key from the path, other headers, form fields and a text body too', () => {
    const inPath = assertTaken(`curl 'https://api.openai.com/v1/files/${KEY}' -H 'Authorization: Bearer ${KEY}'`);
    assert.equal(inPath.request.path, `/files/${REDACTED}`);
    const inHeader = assertTaken(`curl ${URL_} -H 'Authorization: Bearer ${KEY}' -H 'X-Note: ${KEY}'`);
    // A header whose value is key-shaped goes to the vault prompt with the key, not into the request.
    assert.deepEqual(inHeader.request.headers, {});
    const inForm = assertTaken(`curl https://api.openai.com/v1/files -H 'Authorization: Bearer ${KEY}' -F note=${KEY} -F purpose=batch`);
    assert.deepEqual(inForm.request.body, { kind: 'multipart', parts: [{ kind: 'field', name: 'note', value: REDACTED }, { kind: 'field', name: 'purpose', value: 'batch' }] });
    const inText = assertTaken(`curl http://127.0.0.1:9/x -u ${KEY} --data 'k=${KEY}&k2=${KEY}'`);
    assert.deepEqual(inText.request.body, { kind: 'text', text: `k=${REDACTED}&k2=${REDACTED}` });
  });

  it('an environment reference is not a key, in a header, -u or the query', () => {
    for (const text of [`curl ${URL_} -H 'api-key: $OPENAI_API_KEY'`, `curl ${URL_} -u ':\${OPENAI_API_KEY}'`, `curl '${URL_}?key=%OPENAI_API_KEY%'`, `curl ${URL_} -H 'x-api-key: $env:OPENAI_API_KEY'`]) {
      const parsed = parseCurl(text);
      assert.equal(parsed.extractedKey, undefined, text);
      assert.equal(parsed.usesEnvironmentKey, true, text);
    }
    const none = parseCurl(`curl ${URL_}`);
    assert.deepEqual([none.extractedKey, none.usesEnvironmentKey], [undefined, false]);
    assert.equal('extractedKey' in none, false);
  });

  it('an env-looking word with more around it is a value, not a reference', () => {
    for (const value of ['$OPENAI_API_KEY-x', 'x$OPENAI_API_KEY', '%OPENAI_API_KEY', '$1abc']) {
      const parsed = parseCurl(`curl ${URL_} -H 'api-key: ${value}'`);
      assert.equal(parsed.usesEnvironmentKey, false, value);
      assert.equal(parsed.extractedKey, value, value);
    }
  });

  it('an empty credential is no key', () => {
    const parsed = parseCurl(`curl ${URL_} -H 'api-key:   ' -u ':'`);
    assert.equal(parsed.extractedKey, undefined);
    assert.deepEqual(parsed.request.headers, {});
  });
});

describe('curl import: other headers', () => {
  it('moves organization and project to the key, drops credentials, host and length', () => {
    const parsed = parseCurl(`curl ${URL_} -H 'OpenAI-Organization: org-1' -H 'openai-project: proj_2' -H 'Cookie: a=1' -H 'Proxy-Authorization: Basic eA==' -H 'Host: x' -H 'Content-Length: 3' -H 'Accept: */*'`);
    assert.equal(parsed.organization, 'org-1');
    assert.equal(parsed.project, 'proj_2');
    assert.deepEqual(parsed.request.headers, { Accept: '*/*' });
    assert.deepEqual(parsed.warnings, ['Removed the Cookie header.', 'Removed the Proxy-Authorization header.']);
    const bare = parseCurl(`curl ${URL_}`);
    assert.equal('organization' in bare || 'project' in bare, false);
  });

  it('removes an Authorization header that is not Bearer, and says so', () => {
    const parsed = parseCurl(`curl ${URL_} -H 'Authorization: Token abc'`);
    assert.deepEqual(parsed.request.headers, {});
    assert.deepEqual(parsed.warnings, ['Removed an Authorization header that is not a Bearer token.']);
    assert.equal(parsed.extractedKey, undefined);
  });

  it('ignores a header without a name, and says so', () => {
    const parsed = parseCurl(`curl ${URL_} -H ':x' -H 'novalue'`);
    assert.deepEqual(parsed.request.headers, {});
    assert.deepEqual(parsed.warnings, ['Ignored the header ":x": it has no "Name: value" form.', 'Ignored the header "novalue": it has no "Name: value" form.']);
  });

  it('keeps a non-JSON content type, drops a JSON or multipart one', () => {
    assert.deepEqual(parseCurl(`curl ${URL_} -H 'Content-Type: text/plain'`).request.headers, { 'Content-Type': 'text/plain' });
    assert.deepEqual(parseCurl(`curl ${URL_} -H 'Content-Type: application/json'`).request.headers, {});
    assert.deepEqual(parseCurl(`curl ${URL_} -H 'Content-Type: multipart/form-data'`).request.headers, {});
    const json = parseCurl(`curl ${URL_} -H 'content-type: application/json' -d 'not json'`);
    assert.deepEqual(json.request.body, { kind: 'json', text: 'not json' });
    assert.deepEqual(json.request.headers, {});
  });
});

describe('curl import: URL, method and body', () => {
  it('splits the base URL at /v1 and keeps other paths whole', () => {
    const cases: [string, string, string][] = [
      ['https://api.openai.com/v1/models', 'https://api.openai.com/v1', '/models'],
      ['https://api.openai.com/v1', 'https://api.openai.com/v1', '/'],
      ['https://api.openai.com/v1/', 'https://api.openai.com/v1', '/'],
      ['https://api.openai.com/v10/x', 'https://api.openai.com', '/v10/x'],
      ['http://localhost:4010/custom/v1/x', 'http://localhost:4010', '/custom/v1/x'],
      ['api.openai.com/v1/models', 'https://api.openai.com/v1', '/models'],
      ['HTTPS://API.OPENAI.COM/v1/models', 'https://api.openai.com/v1', '/models'],
    ];
    for (const [url, baseUrl, path] of cases) {
      const r = parseCurl(`curl ${url}`).request;
      assert.deepEqual([r.baseUrl, r.path], [baseUrl, path], url);
    }
    assert.equal(parseCurl(`curl --url ${URL_}`).request.path, '/models');
    assert.equal(parseCurl(`curl --url=${URL_}`).request.path, '/models');
  });

  it('refuses what is not an http(s) URL with a clear message', () => {
    assert.throws(() => parseCurl('curl http://'), /"http:\/\/" is not a valid URL\./);
    assert.throws(() => parseCurl('curl file:///etc/passwd'), /Only http and https URLs can be imported, not file:/);
    assert.throws(() => parseCurl('curl'), /no URL/);
    assert.throws(() => parseCurl(''), /not a curl command/);
    assert.throws(() => parseCurl('curlx https://x'), /not a curl command/);
  });

  it('accepts curl by path and as curl.exe in any case', () => {
    for (const cmd of ['/usr/bin/curl', 'C:\\tools\\curl.exe', 'CURL', 'Curl.EXE']) {
      assert.equal(parseCurl(`${cmd.replace(/\\/g, '\\\\')} ${URL_}`).request.path, '/models', cmd);
    }
  });

  it('repeats query parameters as lists, from the URL and from -G data', () => {
    assert.deepEqual(parseCurl(`curl '${URL_}?a=1&a=2&a=3&b=x'`).request.query, { a: ['1', '2', '3'], b: 'x' });
    const get = parseCurl(`curl -G ${URL_} -d 'a=1&flag' --data-urlencode 'q=a%20b' -d '&'`);
    assert.deepEqual(get.request.query, { a: '1', flag: '', q: 'a b' });
    assert.equal(get.request.method, 'GET');
    assert.deepEqual(get.request.body, { kind: 'none' });
    assert.equal(parseCurl(`curl --get ${URL_} -d a=1`).request.method, 'GET');
  });

  it('chooses the method: -X wins, a body means POST, none means GET', () => {
    assert.equal(parseCurl(`curl ${URL_}`).request.method, 'GET');
    assert.equal(parseCurl(`curl ${URL_} -d '{}'`).request.method, 'POST');
    assert.equal(parseCurl(`curl ${URL_} -F a=b`).request.method, 'POST');
    assert.equal(parseCurl(`curl ${URL_} -X patch -d '{}'`).request.method, 'PATCH');
    assert.equal(parseCurl(`curl ${URL_} --request=put`).request.method, 'PUT');
    assert.equal(parseCurl(`curl ${URL_} --request DELETE`).request.method, 'DELETE');
  });

  it('joins data parts with &, reads JSON by option, header or content, and sees stream: true', () => {
    const joined = parseCurl(`curl ${URL_} -d a=1 --data-binary b=2 --data-ascii c=3`);
    assert.deepEqual(joined.request.body, { kind: 'text', text: 'a=1&b=2&c=3' });
    assert.equal(parseCurl(`curl ${URL_} --json 'x'`).request.body.kind, 'json');
    assert.equal(parseCurl(`curl ${URL_} -d '{"stream": true}'`).request.stream, true);
    assert.equal(parseCurl(`curl ${URL_} -d '{"stream": "true"}'`).request.stream, false);
    assert.equal(parseCurl(`curl ${URL_} -d '[1]'`).request.stream, false);
    assert.equal(parseCurl(`curl ${URL_} -d 'null'`).request.stream, false);
    assert.equal(parseCurl(`curl ${URL_} -F stream=true`).request.stream, true);
    assert.equal(parseCurl(`curl ${URL_} -F stream=false`).request.stream, false);
    assert.equal(parseCurl(`curl ${URL_} -F 'stream=@true'`).request.stream, false);
    assert.equal(parseCurl(`curl ${URL_} -F other=true`).request.stream, false);
  });

  it('reads form parts: literal strings, files with a type, and refuses a part without a name', () => {
    const parsed = parseCurl(`curl ${URL_} --form-string 'note=@not-a-file' --form 'f=@a.txt;filename=b.txt; type=text/plain' -F 'g=@c.bin' -d ignored`);
    assert.deepEqual(parsed.request.body, { kind: 'multipart', parts: [
      { kind: 'field', name: 'note', value: '@not-a-file' },
      { kind: 'file', name: 'f', path: 'a.txt', contentType: 'text/plain' },
      { kind: 'file', name: 'g', path: 'c.bin' },
    ] });
    assert.deepEqual(parsed.warnings, ['Ignored -d data next to -F form parts.']);
    assert.throws(() => parseCurl(`curl ${URL_} -F '=x'`), /The form part "=x" has no name=value form\./);
    assert.throws(() => parseCurl(`curl ${URL_} -F novalue`), /has no name=value form/);
  });

  it('warns about data read from a file, except for --data-raw', () => {
    assert.deepEqual(parseCurl(`curl ${URL_} --data @in.json`).warnings, ['The body is read from the file in.json: paste its contents into the body.']);
    assert.deepEqual(parseCurl(`curl ${URL_} --data-raw @literal`).warnings, []);
  });

  it('skips harmless flags and the values of ignored options, and names the rest', () => {
    const parsed = parseCurl(`curl -sSL -o out.json --max-time 5 -A agent -x proxy:1 ${URL_} -b c=1 --frob extra -`);
    assert.deepEqual(parsed.warnings, [
      'Ignored the cookies: they are not needed for the OpenAI API.',
      'Ignored the option --frob.',
      'Ignored the extra argument "extra".',
      'Ignored the extra argument "-".',
    ]);
    assert.equal(parsed.request.path, '/models');
    assert.deepEqual(parseCurl(`curl -k -i -v -N --compressed -f ${URL_}`).warnings, []);
    assert.equal(parseCurl(`curl -Ahello ${URL_}`).request.path, '/models');
  });

  it('needs a value after an option that takes one', () => {
    for (const option of ['-H', '-d', '-u', '-X', '--url', '-F', '-o', '-b']) {
      assert.throws(() => parseCurl(`curl ${URL_} ${option}`), new RegExp(`The option ${option} needs a value\\.`), option);
    }
  });
});

describe('shell words', () => {
  it('splits on blanks and reads quotes, escapes and continuations', () => {
    assert.deepEqual(shellWords("a  'b c'\t\"d \\\"e\\\" \\$f \\x\" g\\ h"), ['a', 'b c', 'd "e" $f \\x', 'g h']);
    assert.deepEqual(shellWords('a \\\nb ^\nc `\nd'), ['a', 'b', 'c', 'd']);
    assert.deepEqual(shellWords('a\r\nb\rc'), ['a', 'b', 'c']);
    assert.deepEqual(shellWords("''"), ['']);
    assert.deepEqual(shellWords('x""y'), ['xy']);
    assert.deepEqual(shellWords('"a\\\nb"'), ['ab']);
    assert.deepEqual(shellWords('  '), []);
    assert.deepEqual(shellWords('end\\'), ['end\\']);
  });

  it("reads $'...' with its escapes", () => {
    assert.deepEqual(shellWords("$'a\\nb\\tc\\rd\\\\e\\'f\\\"g\\0h\\qi'"), ['a\nb\tc\rd\\e\'f"g\0hqi']);
    assert.deepEqual(shellWords("x$'y'z"), ['xyz']);
    assert.deepEqual(shellWords("$"), ['$']);
  });

  it('names an unterminated quote', () => {
    assert.throws(() => shellWords("'a"), /unterminated single quote/);
    assert.throws(() => shellWords('"a'), /unterminated double quote/);
    assert.throws(() => shellWords('"a\\"'), /unterminated double quote/);
    assert.throws(() => shellWords("$'a"), /unterminated \$'\.\.\.' quote/);
    assert.throws(() => shellWords("$'a\\'"), /unterminated \$'\.\.\.' quote/);
  });
});

describe('curl import: each option and edge the reviewer found untested', () => {
  it('skips every harmless flag, and the value of every ignored option', () => {
    for (const flag of ['-s', '--silent', '-S', '--show-error', '-v', '--verbose', '-i', '--include', '-L', '--location', '-k', '--insecure', '--compressed', '-N', '--no-buffer', '-f', '--fail', '--fail-with-body', '-g', '--globoff', '--http1.1', '--http2', '-#', '--progress-bar', '-sS', '-Ss', '-sSL', '-fsSL']) {
      const parsed = parseCurl(`curl ${flag} ${URL_}`);
      assert.deepEqual([parsed.warnings, parsed.request.path], [[], '/models'], flag);
    }
    for (const option of ['-o', '--output', '-m', '--max-time', '--connect-timeout', '-A', '--user-agent', '-e', '--referer', '--retry', '--retry-delay', '-w', '--write-out', '-x', '--proxy', '--cacert', '--cert', '--key']) {
      const parsed = parseCurl(`curl ${option} value ${URL_}`);
      assert.deepEqual([parsed.warnings, parsed.request.path], [[], '/models'], option);
    }
    assert.deepEqual(parseCurl(`curl --cookie c=1 ${URL_}`).warnings, ['Ignored the cookies: they are not needed for the OpenAI API.']);
  });

  it('tells env references from values that only contain one', () => {
    for (const value of ['x%OPENAI_API_KEY%', '%OPENAI_API_KEY%x', 'x$env:OPENAI_API_KEY', '$env:OPENAI_API_KEY-x']) {
      const parsed = parseCurl(`curl ${URL_} -H 'api-key: ${value}'`);
      assert.deepEqual([parsed.usesEnvironmentKey, parsed.extractedKey], [false, value], value);
    }
  });

  it('an empty credential does not hide a later key', () => {
    const parsed = assertTaken(`curl https://api.openai.com/v1/responses -H 'api-key:' -H 'Authorization: Bearer ${KEY}' -d '{"k":"${KEY}"}'`);
    assert.equal(parsed.request.body.kind, 'json');
  });

  it('trims a key given to -u, and header names', () => {
    assertTaken(`curl ${URL_} -u ' ${KEY} '`);
    const parsed = assertTaken(`curl ${URL_} -H 'Authorization : Bearer ${KEY}'`);
    assert.deepEqual(parsed.request.headers, {});
  });

  it('Bearer must open the Authorization value', () => {
    const parsed = parseCurl(`curl ${URL_} -H 'Authorization: Token Bearer short'`);
    assert.equal(parsed.extractedKey, undefined);
    assert.deepEqual(parsed.request.headers, {});
  });

  it('reads the command name and options only at the start of a word', () => {
    assert.throws(() => parseCurl(`mycurl ${URL_}`), /not a curl command/);
    const inQuery = parseCurl(`curl 'https://api.openai.com/v1/models?q=--a=b'`);
    assert.deepEqual([inQuery.request.query, inQuery.warnings], [{ q: '--a=b' }, []]);
    const noScheme = parseCurl('curl api.openai.com/v1/models?next=http://x');
    assert.deepEqual([noScheme.request.baseUrl, noScheme.request.query], ['https://api.openai.com/v1', { next: 'http://x' }]);
  });

  it('quotes at most 40 characters of an ignored header, argument or form part, and 80 of a bad URL', () => {
    const long = 'z'.repeat(60);
    assert.deepEqual(parseCurl(`curl ${URL_} -H ${long}`).warnings, [`Ignored the header "${'z'.repeat(40)}": it has no "Name: value" form.`]);
    assert.deepEqual(parseCurl(`curl ${URL_} ${long}`).warnings, [`Ignored the extra argument "${'z'.repeat(40)}".`]);
    assert.throws(() => parseCurl(`curl ${URL_} -F ${long}`), { message: `The form part "${'z'.repeat(40)}" has no name=value form.` });
    assert.throws(() => parseCurl(`curl http://[${'1'.repeat(100)}`), { message: `"http://[${'1'.repeat(72)}" is not a valid URL.` });
  });

  it('lists repeated query values whole, and reads -G pairs with an empty name', () => {
    assert.deepEqual(parseCurl(`curl '${URL_}?a=10&a=20'`).request.query, { a: ['10', '20'] });
    assert.deepEqual(parseCurl(`curl -G ${URL_} -d '=x'`).request.query, { '': 'x' });
  });

  it('keeps a non-JSON content type with -G and with a text body', () => {
    assert.deepEqual(parseCurl(`curl -G ${URL_} -H 'Content-Type: text/plain'`).request.headers, { 'Content-Type': 'text/plain' });
    assert.deepEqual(parseCurl(`curl ${URL_} -H 'Content-Type: text/csv' -d 'a,b'`).request.headers, { 'Content-Type': 'text/csv' });
  });

  it('names the methods it supports', () => {
    assert.throws(() => parseCurl(`curl -X TRACE ${URL_}`), { message: 'The method TRACE is not supported; use GET, POST, PUT, PATCH, DELETE.' });
  });

  it('sees stream=true among other form parts', () => {
    assert.equal(parseCurl(`curl ${URL_} -F stream=true -F 'file=@a.wav'`).request.stream, true);
  });

  it('changes nothing in a request without a key', () => {
    const parsed = parseCurl(`curl ${URL_} -d '{"note":"undefined is not a key"}'`);
    assert.deepEqual(parsed.request.body, { kind: 'json', text: '{"note":"undefined is not a key"}' });
  });
});
