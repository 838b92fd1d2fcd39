/**
 * Whether the evaluator explains what only an invalid snapshot causes: why a flag is malformed, a
 * prerequisite cycle or nesting too deep. Yes here (Node, the server, bundlers
 * without the `browser` condition); the browser build maps the package's `#explain` import to
 * explain-browser.ts, where every such explanation is one constant string and the bundler drops the
 * texts (ADR 0006). Call sites write `malformed(EXPLAIN && '…')` so that the text is dead code there.
 */
export const EXPLAIN = true;
