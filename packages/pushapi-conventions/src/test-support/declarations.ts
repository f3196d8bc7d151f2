import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * The TypeScript checker over some of the package's source files (paths relative to `src/`),
 * with the package's own compiler options: what an editor or a `.d.ts` reader sees of them.
 */
export function declarationsOf(files: readonly string[]): {
  checker: ts.TypeChecker;
  exportsOf(file: string): Map<string, ts.Symbol>;
} {
  const src = (file: string) => fileURLToPath(new URL(`../${file}`, import.meta.url));
  const config = ts.getParsedCommandLineOfConfigFile(
    src('../tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error('tsconfig.json could not be read');
  const program = ts.createProgram(files.map(src), { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  return {
    checker,
    exportsOf(file) {
      const source = program.getSourceFile(src(file));
      const module = source && checker.getSymbolAtLocation(source);
      if (!module) throw new Error(`${file} is not a module of the program`);
      return new Map(checker.getExportsOfModule(module).map((s) => [s.getName(), s]));
    },
  };
}
