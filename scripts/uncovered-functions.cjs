// A coverage reporter (istanbul's interface, loaded by vitest by path): lists each function no
// test called, as `file:line name`, so the functions threshold says what it misses.
module.exports = class UncoveredFunctions {
  execute(context) {
    const missed = [];
    context.getTree('flat').visit(
      {
        onDetail(node) {
          const coverage = node.getFileCoverage();
          for (const [id, hits] of Object.entries(coverage.f)) {
            const fn = coverage.fnMap[id];
            if (hits === 0)
              missed.push(`  ${node.getRelativeName()}:${fn.decl.start.line} ${fn.name}`);
          }
        },
      },
      context,
    );
    const out = context.writer.writeFile(null);
    out.println(
      missed.length
        ? `Functions no test called (${missed.length}):`
        : 'Every function was called by a test.',
    );
    for (const line of missed) out.println(line);
    out.close();
  }
};
