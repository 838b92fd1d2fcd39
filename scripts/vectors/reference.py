#!/usr/bin/env python3
"""Independent Python reference implementation of docs/bucketing-contract.md (version 1).

Standard library only. It exists to produce the golden vectors in packages/evaluator/vectors/;
it is written from the contract alone, never from the TypeScript evaluator.

Strings: Python strings are code-point sequences; the contract (and JavaScript) works on UTF-16.
Every string that enters this module is first brought to its "canonical" form
(`canon`): adjacent high+low surrogate code points are joined into one astral code point, lone
surrogates stay as they are. That is exactly what JavaScript sees after JSON.parse of the vectors.
String operations that JavaScript performs on UTF-16 code units (contains / starts_with /
ends_with, regular expressions, the 4,096-unit limit) are performed here on a "unit string"
(`units`): one Python character per UTF-16 code unit.

Choices where the contract is silent are marked CHOICE and listed in scripts/vectors/README.md.
"""

from __future__ import annotations

import math
import re

# --------------------------------------------------------------------------------------------
# 1. Strings, UTF-8 and MurmurHash3_x86_32
# --------------------------------------------------------------------------------------------


def canon(s: str) -> str:
    """Join surrogate pairs into code points; keep lone surrogates (what JSON.parse yields)."""
    return s.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def units(s: str) -> str:
    """One Python character per UTF-16 code unit (astral code points become two surrogates)."""
    b = canon(s).encode("utf-16-le", "surrogatepass")
    return "".join(chr(b[i] | (b[i + 1] << 8)) for i in range(0, len(b), 2))


def utf16_length(s: str) -> int:
    return len(canon(s).encode("utf-16-le", "surrogatepass")) // 2


def utf8(s: str) -> bytes:
    """WHATWG UTF-8 encode: surrogate pairs are one 4-byte code point, lone surrogates U+FFFD."""
    out = bytearray()
    for ch in canon(s):
        cp = ord(ch)
        if 0xD800 <= cp <= 0xDFFF:
            out += b"\xef\xbf\xbd"
        else:
            out += ch.encode("utf-8")
    return bytes(out)


def _rotl32(x: int, r: int) -> int:
    return ((x << r) | (x >> (32 - r))) & 0xFFFFFFFF


def murmur3_32(data: bytes, seed: int = 0) -> int:
    """Austin Appleby's MurmurHash3_x86_32 (little-endian blocks), unsigned 32-bit result."""
    c1 = 0xCC9E2D51
    c2 = 0x1B873593
    h = seed & 0xFFFFFFFF
    n = len(data)
    nblocks = n // 4
    for i in range(nblocks):
        k = data[4 * i] | (data[4 * i + 1] << 8) | (data[4 * i + 2] << 16) | (data[4 * i + 3] << 24)
        k = (k * c1) & 0xFFFFFFFF
        k = _rotl32(k, 15)
        k = (k * c2) & 0xFFFFFFFF
        h ^= k
        h = _rotl32(h, 13)
        h = (h * 5 + 0xE6546B64) & 0xFFFFFFFF
    tail = data[4 * nblocks:]
    k = 0
    t = len(tail)
    if t >= 3:
        k ^= tail[2] << 16
    if t >= 2:
        k ^= tail[1] << 8
    if t >= 1:
        k ^= tail[0]
        k = (k * c1) & 0xFFFFFFFF
        k = _rotl32(k, 15)
        k = (k * c2) & 0xFFFFFFFF
        h ^= k
    h ^= n & 0xFFFFFFFF
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & 0xFFFFFFFF
    h ^= h >> 16
    return h


def murmur3_str(s: str, seed: int = 0) -> int:
    return murmur3_32(utf8(s), seed)


def key_hash(data: str) -> str:
    """How client snapshots list keys without showing them: 64 bits from two MurmurHash3 draws
    (seeds 0 and 1) over the UTF-8 bytes of `data`, as 16 lower-case hex digits."""
    return f"{murmur3_str(data, 0):08x}{murmur3_str(data, 1):08x}"


def segment_key_hash(segment_key: str, context_key: str) -> str:
    """A segment's listed member as client snapshots carry it: key_hash(`<segment>:<key>`)."""
    return key_hash(f"{segment_key}:{context_key}")


# Published MurmurHash3_x86_32 values (checked on import, so nothing is ever generated from a
# broken hash).
_KNOWN = [
    (b"", 0, 0x00000000),
    (b"", 1, 0x514E28B7),
    (b"", 0xFFFFFFFF, 0x81F16F39),
    (b"\x00\x00\x00\x00", 0, 0x2362F9DE),
    (b"hello", 0, 0x248BFA47),
    (b"Hello, world!", 0, 0xC0363E43),
    (b"The quick brown fox jumps over the lazy dog", 0, 0x2E4FF723),
    (b"aaaa", 0x9747B28C, 0x5A97808A),
    (b"aaa", 0x9747B28C, 0x283E0130),
    (b"aa", 0x9747B28C, 0x5D211726),
    (b"a", 0x9747B28C, 0x7FA09EA6),
    (b"abcd", 0x9747B28C, 0xF0478627),
    (b"abc", 0x9747B28C, 0xC84A62DD),
    (b"ab", 0x9747B28C, 0x74875592),
    (b"Hello, world!", 0x9747B28C, 0x24884CBA),
    ("ππππππππ".encode("utf-8"), 0x9747B28C, 0xD58063C1),
    (b"The quick brown fox jumps over the lazy dog", 0x9747B28C, 0x2FA826CD),
]
for _data, _seed, _want in _KNOWN:
    _got = murmur3_32(_data, _seed)
    assert _got == _want, f"murmur3({_data!r}, {_seed:#x}) = {_got:#010x}, expected {_want:#010x}"
assert utf8("\ud800") == b"\xef\xbf\xbd" and utf8("a\udc00b") == b"a\xef\xbf\xbdb"
assert utf8("\ud83d\ude00") == "😀".encode("utf-8") == b"\xf0\x9f\x98\x80"

# --------------------------------------------------------------------------------------------
# 2. Draws and buckets
# --------------------------------------------------------------------------------------------

REDRAW_LIMIT = 4_294_900_000  # 42,949 x 100,000
BUCKETS = 100_000
MAX_SAFE = 2**53 - 1


def bucket_of(input_string: str) -> int:
    data = utf8(input_string)
    h = murmur3_32(data, 0)
    while h >= REDRAW_LIMIT:
        h = murmur3_32(data, h)
    return h % BUCKETS


def redraws(input_string: str) -> int:
    """How many re-draws the input needs (0 for almost every input)."""
    data = utf8(input_string)
    h = murmur3_32(data, 0)
    n = 0
    while h >= REDRAW_LIMIT:
        h = murmur3_32(data, h)
        n += 1
    return n


def draw(salt: str, which: str, value: str) -> int:
    return bucket_of(salt + ":" + which + ":" + value)


def milli(p) -> int:
    """round(p x 1000), rounding halves up like JavaScript's Math.round."""
    return math.floor(p * 1000 + 0.5)


# --------------------------------------------------------------------------------------------
# JSON typing helpers (bool is not a number here, unlike in Python)
# --------------------------------------------------------------------------------------------


def json_type(v) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    if isinstance(v, dict):
        return "object"
    raise TypeError(f"not a JSON value: {v!r}")


def is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def same_scalar(a, b) -> bool:
    """Equality of two scalars of the same JSON type ("1" != 1, true != 1)."""
    ta, tb = json_type(a), json_type(b)
    if ta != tb:
        return False
    if ta == "string":
        return canon(a) == canon(b)
    return a == b


def stickiness_of(v):
    """A context value as a stickiness string, or None when unusable (section 2)."""
    if isinstance(v, bool):
        return None
    if isinstance(v, str):
        return canon(v)
    if isinstance(v, int):
        return str(v) if abs(v) <= MAX_SAFE else None
    if isinstance(v, float):
        # JSON 42.0 is the JavaScript number 42; -0 is written "0" (String(-0) === "0").
        if math.isfinite(v) and v.is_integer() and abs(v) <= MAX_SAFE:
            return str(int(v))
        return None
    return None


def context_key(ctx: dict):
    """The context key: `key` if present, else `userId`.

    CHOICE: `key` is "present" when it is an own property whose value is not null; a present but
    unusable `key` (true, 1.5, an object) does NOT fall back to `userId`.
    """
    if "key" in ctx and ctx["key"] is not None:
        return stickiness_of(ctx["key"])
    if "userId" in ctx and ctx["userId"] is not None:
        return stickiness_of(ctx["userId"])
    return None


def stickiness_value(ctx: dict, attribute):
    if attribute is None:
        return context_key(ctx)
    if attribute not in ctx:  # own properties only; no fallback to the context key
        return None
    return stickiness_of(ctx[attribute])


# --------------------------------------------------------------------------------------------
# 5. Conditions
# --------------------------------------------------------------------------------------------

MISSING = object()


def _usable_scalar(v) -> bool:
    return isinstance(v, (str, bool)) or is_number(v)


def read_attribute(ctx: dict, name: str):
    """The list of usable values of an own attribute, or MISSING.

    CHOICE: an array is usable only when non-empty and every element is a usable scalar; an array
    holding null, an object or a nested array counts as missing as a whole.
    """
    if name not in ctx:
        return MISSING
    v = ctx[name]
    if _usable_scalar(v):
        return [v]
    if isinstance(v, list) and v and all(_usable_scalar(x) for x in v):
        return list(v)
    return MISSING


_DATE_ONLY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DATE_TIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,9}))?)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})"
)


def _days_from_civil(y: int, m: int, d: int) -> int:
    y -= m <= 2
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _days_in_month(y: int, m: int) -> int:
    if m == 2:
        leap = (y % 4 == 0 and y % 100 != 0) or y % 400 == 0
        return 29 if leap else 28
    return 30 if m in (4, 6, 9, 11) else 31


def parse_date(v):
    """Milliseconds since the epoch, or None.

    Numbers: any finite number is milliseconds. Strings: exactly `YYYY-MM-DD` (UTC midnight) or
    `YYYY-MM-DDTHH:MM[:SS[.fff]](Z|+HH:MM|-HH:MM)` with 1 to 9 fraction digits (truncated to milliseconds), an upper-case
    `T` and `Z`, and real calendar values (month 01-12, day within the month, hour 00-23, minute
    and second 00-59, offset hours 00-23 and minutes 00-59). Anything else is not a date.
    """
    if is_number(v):
        return v
    if not isinstance(v, str):
        return None
    m = _DATE_ONLY.fullmatch(v)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
        if not (1 <= mo <= 12 and 1 <= d <= _days_in_month(y, mo)):
            return None
        return _days_from_civil(y, mo, d) * 86_400_000
    m = _DATE_TIME.fullmatch(v)
    if not m:
        return None
    y, mo, d, hh, mi = int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5])
    ss = int(m[6]) if m[6] else 0
    ms = int((m[7] + "00")[:3]) if m[7] else 0  # 1 to 9 digits, truncated to milliseconds
    if not (1 <= mo <= 12 and 1 <= d <= _days_in_month(y, mo) and hh <= 23 and mi <= 59 and ss <= 59):
        return None
    off = 0
    if m[8] != "Z":
        oh, om = int(m[8][1:3]), int(m[8][4:6])
        if oh > 23 or om > 59:
            return None
        off = (oh * 60 + om) * (1 if m[8][0] == "+" else -1)
    minutes = _days_from_civil(y, mo, d) * 1440 + hh * 60 + mi - off
    return (minutes * 60 + ss) * 1000 + ms


_SEMVER = re.compile(
    r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)"
    r"(?:-((?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?"
)


def parse_semver(v):
    if not isinstance(v, str):
        return None
    m = _SEMVER.fullmatch(v)
    if not m:
        return None
    pre = m[4].split(".") if m[4] is not None else None
    return (int(m[1]), int(m[2]), int(m[3]), pre)


def _cmp(a, b) -> int:
    return (a > b) - (a < b)


def semver_compare(a, b) -> int:
    """SemVer 2.0.0 precedence (build metadata already dropped by parse_semver)."""
    for x, y in zip(a[:3], b[:3]):
        if x != y:
            return _cmp(x, y)
    pa, pb = a[3], b[3]
    if pa is None or pb is None:
        return 0 if pa is pb else (1 if pa is None else -1)
    for x, y in zip(pa, pb):
        xn, yn = x.isdigit(), y.isdigit()
        if xn and yn:
            c = _cmp(int(x), int(y))
        elif xn != yn:
            c = -1 if xn else 1  # numeric identifiers have lower precedence
        else:
            c = _cmp(x, y)  # ASCII order
        if c:
            return c
    return _cmp(len(pa), len(pb))


def _js_pattern(pattern: str) -> str:
    """Translate an ECMAScript pattern (of the simple kind used in the vectors) for Python `re`.

    Only `$` differs for the patterns used: in ECMAScript without the `m` flag it matches at the end
    of input only, in Python also before a final newline.
    """
    out = []
    i, in_class = 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
        elif c == "$":
            c = r"\Z"
        out.append(c)
        i += 1
    return "".join(out)


MAX_MATCH_INPUT = 4096


def _holds(op: str, cond: dict, a) -> bool:
    """Whether a non-negated condition holds for one usable scalar a."""
    if op == "eq":
        return same_scalar(a, cond["value"])
    if op == "in":
        return any(same_scalar(a, v) for v in cond["values"])
    if op == "not_in":
        return not any(same_scalar(a, v) for v in cond["values"])
    if op in ("in_hashed", "not_in_hashed"):
        h = list_value_hash(cond["salt"], a)
        found = any(same_scalar(a, v) for v in cond.get("values", [])) or (h is not None and h in cond["hashes"])
        return found if op == "in_hashed" else not found
    if op in ("contains", "starts_with", "ends_with"):
        if not isinstance(a, str):
            return False
        ci = cond.get("caseInsensitive", False)
        s = canon(a).lower() if ci else a
        s = units(s)
        for v in cond["values"]:
            t = units(canon(v).lower() if ci else v)
            if op == "contains" and t in s:
                return True
            if op == "starts_with" and s.startswith(t):
                return True
            if op == "ends_with" and s.endswith(t):
                return True
        return False
    if op in ("lt", "lte", "gt", "gte"):
        if not is_number(a):
            return False
        b = cond["value"]
        return {"lt": a < b, "lte": a <= b, "gt": a > b, "gte": a >= b}[op]
    if op in ("before", "after"):
        x, y = parse_date(a), parse_date(cond["value"])
        if x is None or y is None:
            return False
        return x < y if op == "before" else x > y
    if op.startswith("semver_"):
        x, y = parse_semver(a), parse_semver(cond["value"])
        if x is None or y is None:
            return False
        c = semver_compare(x, y)
        return {"semver_eq": c == 0, "semver_lt": c < 0, "semver_lte": c <= 0,
                "semver_gt": c > 0, "semver_gte": c >= 0}[op]
    if op == "matches":
        if not isinstance(a, str) or utf16_length(a) > MAX_MATCH_INPUT:
            return False
        flags = re.IGNORECASE if cond.get("caseInsensitive", False) else 0
        return re.search(units(_js_pattern(cond["value"])), units(a), flags) is not None
    raise ValueError(f"unknown operator {op}")


def list_value_hash(salt: str, v):
    """How an `in_hashed` list holds a value, or None for a value that stays in clear.

    Strings without lone surrogates hash as key_hash(`<salt>:s:<string>`), safe integers (JSON 42.0
    is 42, -0 is 0) as key_hash(`<salt>:n:<decimal>`). Lone surrogates would encode as U+FFFD (two
    different strings, one hash), and booleans, fractions and unsafe integers have no agreed text:
    those values stay in clear, so `in_hashed` is exactly `in`.
    """
    if isinstance(v, bool):
        return None
    if isinstance(v, str):
        c = canon(v)
        if any(0xD800 <= ord(ch) <= 0xDFFF for ch in c):
            return None
        return key_hash(f"{salt}:s:{c}")
    if isinstance(v, (int, float)) and abs(v) <= MAX_SAFE and float(v).is_integer():
        return key_hash(f"{salt}:n:{int(v)}")
    return None


def hash_list_condition(cond: dict, salt: str) -> dict:
    """The client keys' form of `in` / `not_in` / `eq`: hashable values hashed, the rest in clear.
    Any other condition, or one with nothing to hash, is returned as it is."""
    op = cond["op"]
    if op in ("in", "not_in"):
        values = cond["values"]
    elif op == "eq":
        values = [cond["value"]]
    else:
        return cond
    hashes, clear = set(), []
    for v in values:
        h = list_value_hash(salt, v)
        if h is None:
            clear.append(v)
        else:
            hashes.add(h)
    if not hashes:
        return cond
    out = {"op": "not_in_hashed" if op == "not_in" else "in_hashed", "attribute": cond["attribute"],
           "salt": salt, "hashes": sorted(hashes)}
    if clear:
        out["values"] = clear
    if "negate" in cond:
        out["negate"] = cond["negate"]
    return out


class EvaluationError(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


MAX_PREREQUISITE_DEPTH = 5


class Evaluator:
    def __init__(self, snapshot: dict):
        self.flags = {f["key"]: f for f in snapshot["flags"]}
        self.segments = {s["key"]: s for s in snapshot["segments"]}

    # -- conditions --------------------------------------------------------------------------
    def condition(self, cond: dict, ctx: dict, stack: list) -> bool:
        op = cond["op"]
        neg = bool(cond.get("negate", False))
        if op in ("present", "absent"):
            present = read_attribute(ctx, cond["attribute"]) is not MISSING
            return (present if op == "present" else not present) != neg
        if op == "segment":
            return any(self.in_segment(k, ctx) for k in cond["segments"]) != neg
        if op == "flag":
            return self.prerequisite(cond, ctx, stack) != neg
        values = read_attribute(ctx, cond["attribute"])
        if values is MISSING:
            return False  # stays false when negated
        if op in ("not_in", "not_in_hashed"):  # an array is not in the values when none of its elements is
            return all(_holds(op, cond, a) for a in values) != neg
        return any(_holds(op, cond, a) for a in values) != neg

    def conditions(self, conds: list, ctx: dict, stack: list) -> bool:
        # In order, stopping at the first that does not hold (matters for prerequisite errors).
        for c in conds:
            if not self.condition(c, ctx, stack):
                return False
        return True

    def in_segment(self, key: str, ctx: dict) -> bool:
        seg = self.segments.get(key)
        if seg is None:
            return False
        ck = context_key(ctx)
        hashed = segment_key_hash(key, ck) if ck is not None else None
        if ck is not None and (any(canon(x) == ck for x in seg.get("excluded", []))
                               or hashed in seg.get("excludedHashes", [])):
            return False
        if ck is not None and (any(canon(x) == ck for x in seg.get("included", []))
                               or hashed in seg.get("includedHashes", [])):
            return True
        conds = seg.get("conditions") or []
        if not conds:
            return False  # no conditions: no rule-based members
        return self.conditions(conds, ctx, [])

    def prerequisite(self, cond: dict, ctx: dict, stack: list) -> bool:
        target = cond["flag"]
        if target in stack:
            raise EvaluationError("PREREQUISITE_CYCLE")
        flag = self.flags.get(target)
        if flag is None or malformed(flag):
            return False
        if len(stack) > MAX_PREREQUISITE_DEPTH:  # the target would sit at depth len(stack)
            raise EvaluationError("PREREQUISITE_TOO_DEEP")
        result = self.flag(flag, ctx, stack + [target])
        return result["variant"] in cond["variants"]

    # -- serves ------------------------------------------------------------------------------
    @staticmethod
    def serve(flag: dict, serve: dict, ctx: dict):
        """(let_through, variant, gate bucket or None, split bucket or None, has_gate)."""
        pct = serve.get("percentage")
        has_gate = pct is not None and milli(pct) != 100_000
        split = serve.get("split")
        if not has_gate and split is None:
            return True, serve["variant"], None, None, False
        value = stickiness_value(ctx, serve.get("stickiness"))
        if value is None:
            return False, None, None, None, has_gate
        bucket = None
        if has_gate:
            bucket = draw(flag["salt"], "gate", value)
            if not bucket < milli(pct):
                return False, None, bucket, None, True
        if split is None:
            return True, serve["variant"], bucket, None, has_gate
        b = draw(flag["salt"], "split", value)
        cumulative = 0
        for arm in split:
            cumulative += milli(arm["weight"])
            if cumulative > b:
                return True, arm["variant"], bucket, b, has_gate
        raise AssertionError("a well-formed split always serves")

    # -- a flag ------------------------------------------------------------------------------
    def flag(self, flag: dict, ctx: dict, stack: list) -> dict:
        if not flag["enabled"]:
            return {"variant": flag["offVariant"], "reason": "DISABLED"}
        for i, rule in enumerate(flag["rules"]):
            if not self.conditions(rule["conditions"], ctx, stack):
                continue
            ok, variant, bucket, split_bucket, _ = self.serve(flag, rule["serve"], ctx)
            if ok:
                r = {"variant": variant, "reason": "RULE_MATCH", "ruleId": rule["id"], "ruleIndex": i}
                if bucket is not None:
                    r["bucket"] = bucket
                if split_bucket is not None:
                    r["splitBucket"] = split_bucket
                return r
        ft = flag["fallthrough"]
        ok, variant, bucket, split_bucket, has_gate = self.serve(flag, ft, ctx)
        if ok:
            r = {"variant": variant, "reason": "ROLLOUT" if (has_gate or "split" in ft) else "DEFAULT"}
        else:
            # CHOICE: the fallthrough's gate decided, so its bucket (when computed) is reported.
            r = {"variant": flag["offVariant"], "reason": "DEFAULT"}
        if bucket is not None:
            r["bucket"] = bucket
        if split_bucket is not None:
            r["splitBucket"] = split_bucket
        return r

    def evaluate(self, key: str, ctx, expected_type: str, default) -> dict:
        def error(code):
            return {"value": default, "reason": "ERROR", "errorCode": code}

        if not isinstance(ctx, dict):
            return error("INVALID_CONTEXT")
        flag = self.flags.get(key)
        if flag is None:
            return error("FLAG_NOT_FOUND")
        if malformed(flag):
            return error("MALFORMED_FLAG")
        if expected_type != "json" and json_type(flag["variants"][0]["value"]) != expected_type:
            return error("TYPE_MISMATCH")
        try:
            r = self.flag(flag, ctx, [key])
        except EvaluationError as e:
            return error(e.code)
        value = next(v["value"] for v in flag["variants"] if v["key"] == r["variant"])
        out = {"value": value}
        out.update(r)
        return out


def malformed(flag: dict) -> bool:
    """Structural problems that make a flag unusable (section 4, step 2).

    CHOICE (the complete list): duplicate variant keys; no variants; variant values of different
    JSON types; offVariant / a serve's variant / a split arm's variant not among the variants; a
    serve with both or neither of `variant` and `split`; a percentage that is not a number in
    0..100; a split that is empty, has a weight outside 0..100, or whose round(weight x 1000) do
    not sum to exactly 100,000.
    """
    variants = flag.get("variants") or []
    keys = [v["key"] for v in variants]
    if not keys or len(set(keys)) != len(keys):
        return True
    if len({json_type(v["value"]) for v in variants}) != 1:
        return True
    if flag["offVariant"] not in keys:
        return True
    for serve in [r["serve"] for r in flag["rules"]] + [flag["fallthrough"]]:
        if ("variant" in serve) == ("split" in serve):
            return True
        if "variant" in serve and serve["variant"] not in keys:
            return True
        pct = serve.get("percentage")
        if pct is not None and not (is_number(pct) and 0 <= pct <= 100):
            return True
        if "split" in serve:
            split = serve["split"]
            if not split:
                return True
            total = 0
            for arm in split:
                w = arm["weight"]
                if arm["variant"] not in keys or not is_number(w) or not 0 <= w <= 100:
                    return True
                total += milli(w)
            if total != 100_000:
                return True
    return False


def evaluate(snapshot: dict, key: str, ctx, expected_type: str, default) -> dict:
    return Evaluator(snapshot).evaluate(key, ctx, expected_type, default)


if __name__ == "__main__":
    print("murmur3 self-checks passed")
    for s in ["", "hello", "salt:gate:user-123"]:
        print(repr(s), hex(murmur3_str(s)), bucket_of(s))
