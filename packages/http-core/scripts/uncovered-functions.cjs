'use strict';
// An istanbul report for vitest's coverage: lists every function of the measured files that no
// test called, with its file and line, so a failing functions threshold says what to test.
const path = require('node:path');

class UncoveredFunctions {
  constructor(options = {}) {
    this.root = options.projectRoot ?? process.cwd();
  }

  execute(context) {
    const missed = [];
    let total = 0;
    context.getTree('flat').visit({
      onDetail: (node) => {
        const coverage = node.getFileCoverage();
        for (const [id, fn] of Object.entries(coverage.fnMap)) {
          total++;
          if (coverage.f[id] > 0) continue;
          const file = path.relative(this.root, coverage.path);
          missed.push(`  ${file}:${fn.decl?.start?.line ?? fn.loc.start.line}  ${fn.name}`);
        }
      },
    });
    const head = `Functions no test called: ${missed.length} of ${total}`;
    process.stdout.write(`\n${head}\n${missed.join('\n')}${missed.length ? '\n' : ''}`);
  }
}

module.exports = UncoveredFunctions;
