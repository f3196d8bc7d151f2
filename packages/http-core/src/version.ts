declare const __VERSION__: string | undefined;

/** This package's version (replaced at build time; `0.0.0-dev` when run from source). */
export const VERSION: string = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';
