// Types of packaged-readme.mjs for the tests that import it.
export declare const PICTURES_NOTE: string;
export declare function packagedReadme(readme: string): string;
export declare function writePackagedReadme(from?: string, to?: string): void;
