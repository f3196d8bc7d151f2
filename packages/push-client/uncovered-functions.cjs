'use strict';
/**
 * A coverage reporter (istanbul) that prints every function no test called, as
 * `path:line name`, so that a drop under the functions threshold says what to test.
 */
const { relative } = require('node:path');

module.exports = class UncoveredFunctions {
  execute(context) {
    const missing = [];
    const noop = () => {};
    context.getTree('flat').visit(
      {
        onStart: noop,
        onSummary: noop,
        onSummaryEnd: noop,
        onEnd: noop,
        onDetail(node) {
          const { path, fnMap, f } = node.getFileCoverage().data;
          for (const [id, fn] of Object.entries(fnMap)) {
            if (f[id] === 0)
              missing.push(`  ${relative(process.cwd(), path)}:${fn.loc.start.line} ${fn.name}`);
          }
        },
      },
      context,
    );
    console.log(
      missing.length === 0
        ? 'Every function of the public entry was called by a test.'
        : `Functions no test called (${missing.length}):\n${missing.join('\n')}`,
    );
  }
};
