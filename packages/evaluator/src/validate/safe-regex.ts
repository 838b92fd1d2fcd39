import { MODEL_LIMITS } from '../conditions/operators.ts';

/** Longest pattern a `matches` condition may carry. */
export const MAX_PATTERN_LENGTH = MODEL_LIMITS.patternLength;

/**
 * Why a pattern is refused, or undefined when it is safe to run. JavaScript's engine backtracks,
 * so patterns whose matching time can explode are refused up front: a quantified group containing a
 * quantifier (star height above one, as in `(a+)+` or `(\w*,)*`), back-references and look-behind.
 * Alternation inside a quantified group (`(a|a)*`) is refused too, since overlapping branches
 * backtrack the same way. Evaluation also caps input length (MAX_REGEX_INPUT).
 */
export function unsafePatternReason(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) return `is longer than ${MAX_PATTERN_LENGTH} characters`;
  try {
    new RegExp(pattern);
  } catch {
    return 'is not a valid regular expression';
  }
  if (/\\[1-9]|\\k</.test(pattern)) return 'uses a back-reference';
  if (/\(\?<[=!]/.test(pattern)) return 'uses look-behind';
  // Walk groups, tracking whether each contains a quantifier or an alternation.
  const stack: { quantified: boolean; alternation: boolean }[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') stack.push({ quantified: false, alternation: false });
    else if (c === '|' && stack.length > 0) stack[stack.length - 1]!.alternation = true;
    else if (c === ')') {
      const group = stack.pop();
      const next = pattern[i + 1];
      const repeated = next === '*' || next === '+' || next === '?' || next === '{';
      // `?` repeats at most once; any other repetition of a repeating group multiplies the paths.
      if (group && repeated && next !== '?' && (group.quantified || group.alternation)) {
        return 'repeats a group that itself repeats or alternates (catastrophic backtracking)';
      }
      if (group && stack.length > 0 && (group.quantified || repeated))
        stack[stack.length - 1]!.quantified = true;
    } else if (
      (c === '*' || c === '+' || c === '{' || (c === '?' && pattern[i - 1] !== '(')) &&
      stack.length > 0
    ) {
      stack[stack.length - 1]!.quantified = true;
    }
  }
  return undefined;
}
