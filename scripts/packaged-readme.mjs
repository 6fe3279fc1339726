// The README that goes into the .vsix (package.json "vsce.readmePath" points at dist/README.md):
// README.md with its pictures replaced by a sentence, and links to other files of the repository
// (docs/bench-latest.md, SECURITY.md…) shown as their paths. vsce can only make relative links
// absolute against a public repository URL, which the project does not have yet, and refuses to
// package them otherwise. Once it has one, set
// "repository" in package.json and drop "vsce.readmePath": vsce then rewrites the links itself.
import { readFileSync, writeFileSync } from 'node:fs';

const PICTURES = /<!-- pictures -->[\s\S]*?<!-- \/pictures -->/g;
export const PICTURES_NOTE =
  '*Screenshots of the walkthrough, the keys tree, the request builder, the permission check and a leak warning are in the README of the source repository (`docs/images/`).*';

/** A markdown link to a file of the repository: not a URL, not an anchor in the page. */
const RELATIVE_LINK = /(?<!!)\[([^\]]+)\]\((?![a-z][a-z0-9+.-]*:|#)([^)\s]+)\)/gi;

/**
 * README.md's text as packaged: the first `<!-- pictures -->…<!-- /pictures -->` block becomes a note,
 * the others go, and each link to a repository file becomes its text and path.
 */
export function packagedReadme(readme) {
  let first = true;
  return readme
    .replace(PICTURES, () => {
      if (!first) return '';
      first = false;
      return PICTURES_NOTE;
    })
    .replace(RELATIVE_LINK, (_link, text, path) => (text === path || text === `\`${path}\`` ? `\`${path}\`` : `${text} (\`${path}\`)`) + ' in the source repository');
}

/** Writes dist/README.md from README.md. */
export function writePackagedReadme(from = 'README.md', to = 'dist/README.md') {
  writeFileSync(to, packagedReadme(readFileSync(from, 'utf8')));
}
