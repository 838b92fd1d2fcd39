#!/usr/bin/env python3
"""Writes packages/evaluator/vectors/hash.json and evaluation.json from the Python reference.

    python3 scripts/vectors/generate.py          # regenerate (deterministic: same bytes every run)
    python3 scripts/vectors/generate.py --check  # fail if the committed files differ

Condition expectations are written by hand in the tables below and the script asserts that the
reference agrees with every one of them; bucket-dependent expectations come from the reference.
"""

from __future__ import annotations

import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import reference as ref  # noqa: E402

ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "packages", "evaluator", "vectors")


# ---------------------------------------------------------------------------------------------
# Deterministic PRNG (splitmix64): independent of Python's `random` across versions.
# ---------------------------------------------------------------------------------------------
class Rng:
    def __init__(self, seed: int):
        self.s = seed & 0xFFFFFFFFFFFFFFFF

    def next64(self) -> int:
        self.s = (self.s + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
        return z ^ (z >> 31)

    def below(self, n: int) -> int:
        return self.next64() % n

    def u32(self) -> int:
        return self.next64() >> 32

    def pick(self, seq):
        return seq[self.below(len(seq))]

    def string(self, n: int, alphabet: str) -> str:
        return "".join(self.pick(alphabet) for _ in range(n))

    def chars(self, n: int, lo: int, hi: int) -> str:
        return "".join(chr(lo + self.below(hi - lo + 1)) for _ in range(n))


PRINTABLE = "".join(chr(c) for c in range(0x20, 0x7F))
ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def fast_bucket_ascii(s: str):
    """(bucket, redraws) of an ASCII string, without the general UTF-8 path (used by searches)."""
    data = s.encode("ascii")
    h = ref.murmur3_32(data, 0)
    n = 0
    while h >= ref.REDRAW_LIMIT:
        h = ref.murmur3_32(data, h)
        n += 1
    return h % ref.BUCKETS, n


# ---------------------------------------------------------------------------------------------
# hash.json
# ---------------------------------------------------------------------------------------------
def hash_cases():
    rng = Rng(0x5EED_F1A6)
    cases: list[tuple[str, int]] = []
    add = lambda s, seed=0: cases.append((s, seed))  # noqa: E731

    # Published values (also asserted in reference.py).
    for s, seed in [("", 0), ("", 1), ("", 0xFFFFFFFF), ("\0\0\0\0", 0), ("hello", 0), ("Hello, world!", 0),
                    ("The quick brown fox jumps over the lazy dog", 0), ("aaaa", 0x9747B28C),
                    ("aaa", 0x9747B28C), ("aa", 0x9747B28C), ("a", 0x9747B28C), ("abcd", 0x9747B28C),
                    ("abc", 0x9747B28C), ("ab", 0x9747B28C), ("Hello, world!", 0x9747B28C),
                    ("ππππππππ", 0x9747B28C), ("The quick brown fox jumps over the lazy dog", 0x9747B28C)]:
        add(s, seed)
    for seed in [2, 42, 0x7FFFFFFF, 0x80000000, 0x80000001, 0xDEADBEEF, 0xFFFFFFFE]:
        add("", seed)
    # Every ASCII character alone (NUL and controls included).
    for c in range(0x80):
        add(chr(c))
    # Lengths 0..40 (all four tail lengths many times), printable ASCII.
    for n in range(0, 41):
        for _ in range(8):
            add(rng.string(n, PRINTABLE))
    # Latin-1 and other 2-byte UTF-8.
    for s in ["é", "café", "naïve", "José", "Zoë", "Ångström", "façade", "über", "señor", "ÀÉÎÕÜ", "ÿ",
              "\u00a0", "\u00ff\u00fe", "Ærøskøbing", "Œuvre", "Ελληνικά", "Русский", "ıİ", "ß", "ẞ"]:
        add(s)
    for n in range(1, 31):
        add(rng.chars(n % 13 + 1, 0xA0, 0xFF) + rng.string(n % 4, ALNUM))
    # CJK and other 3-byte UTF-8.
    for s in ["用户", "日本語", "한국어", "ユーザー", "中文用户-123", "\u20ac", "\ufffd", "\uffff", "\u0800"]:
        add(s)
    for n in range(1, 31):
        add(rng.chars(n % 10 + 1, 0x4E00, 0x9FFF) + rng.string(n % 3, ALNUM))
    # Astral code points (surrogate pairs in UTF-16, 4 bytes in UTF-8).
    for s in ["😀", "🦊", "👍🏽", "👨‍👩‍👧", "🇫🇷", "a😀b", "😀😀", "𝕏", "\U00010000", "\U0010FFFF", "user-🦊-1"]:
        add(s)
    for n in range(1, 31):
        add(rng.chars(n % 8 + 1, 0x1F300, 0x1F6FF) + rng.string(n % 4, ALNUM))
    # Lone surrogates: hashed as U+FFFD (EF BF BD).
    for s in ["\ud800", "\udbff", "\udc00", "\udfff", "\ud83d", "\ude00", "\ud800abc", "abc\ud800", "ab\ud800cd",
              "\udc00abc", "abc\udc00", "ab\udc00cd", "\udc00\ud800", "\ud800\ud800", "\udc00\udc00",
              "\ude00\ud83d", "x\ud83d\ud83d\ude00", "\ud83d\ude00\ude00", "user-\ud800", "\ufffd",
              "salt:gate:\ud800", "salt:gate:\ufffd"]:
        add(s)
    # NUL characters.
    for s in ["\0", "\0\0", "\0\0\0", "\0\0\0\0\0", "a\0b", "user\0", "\0user", "salt:gate:\0"]:
        add(s)
    # Long strings, 1..10 KB of UTF-8.
    for i in range(10):
        parts = []
        size = 1024 * (i + 1)
        while len("".join(parts).encode("utf-8")) < size:
            kind = rng.below(4)
            if kind == 0:
                parts.append(rng.string(20, PRINTABLE))
            elif kind == 1:
                parts.append(rng.chars(5, 0xA0, 0x24F))
            elif kind == 2:
                parts.append(rng.chars(5, 0x4E00, 0x9FFF))
            else:
                parts.append(rng.chars(2, 0x1F300, 0x1F6FF))
        add("".join(parts) + rng.string(rng.below(4), ALNUM))
    # Typical draw inputs.
    salts = ["a1B2c3D4e5", "x7Kq_29-Lm", "checkout-v2", "salt", "0", "n3w_0nb0ard1ng", "ZZZZZZZZ"]
    users = ["user-123", "user-1", "42", "-7", "0", "", "José", "用户-1", "🦊", "alice@example.com",
             "3f2b6c1e-9a7d-4d2e-8b1a-5c6d7e8f9a0b", "9007199254740991"]
    users += ["user:with:colons", "line\nbreak", "tab\there", " ", "a" * 300, "\ud800", "x\udc00"]
    for salt in salts:
        for draw in ["gate", "split"]:
            for u in users:
                add(f"{salt}:{draw}:{u}")
    for _ in range(200):
        salt = rng.string(6 + rng.below(10), ALNUM + "_-")
        add(f"{salt}:{rng.pick(['gate', 'split'])}:user-{rng.below(10**7)}")
    # Non-zero seeds (about half of them >= 2^31).
    for _ in range(120):
        n = rng.below(30)
        kind = rng.below(3)
        s = rng.string(n, PRINTABLE) if kind == 0 else (rng.chars(n % 6 + 1, 0x4E00, 0x9FFF) if kind == 1
                                                         else rng.chars(n % 4 + 1, 0x1F300, 0x1F6FF))
        add(s, rng.u32())
    for seed in [0x80000000, 0xFFFFFFFF, 0xFFFF0000]:
        add("salt:gate:user-123", seed)

    # Inputs that trigger the re-draw, and the re-draw step itself (seed = first hash).
    redraw = []
    for salt, draw in [("redraw", "gate"), ("redraw", "split"), ("a1B2c3D4e5", "gate"), ("x7Kq_29-Lm", "split")]:
        i = 0
        found = 0
        while found < (2 if salt == "redraw" else 1):
            s = f"{salt}:{draw}:user-{i}"
            if ref.murmur3_32(s.encode(), 0) >= ref.REDRAW_LIMIT:
                redraw.append(s)
                found += 1
            i += 1
    redraw_info = []
    for s in redraw:
        first = ref.murmur3_str(s, 0)
        add(s, 0)
        add(s, first)
        redraw_info.append({"input": s, "firstHash": first, "redraws": ref.redraws(s), "bucket": ref.bucket_of(s)})
        assert ref.redraws(s) >= 1
    return cases, redraw_info


def build_hash_json():
    cases, redraw_info = hash_cases()
    seen = set()
    out = []
    for s, seed in cases:
        s = ref.canon(s)
        if (s, seed) in seen:
            continue
        seen.add((s, seed))
        out.append({"input": s, "utf8": ref.utf8(s).hex(), "seed": seed, "murmur3": ref.murmur3_str(s, seed),
                    "bucket": ref.bucket_of(s)})
    # Coverage checks demanded of the file.
    assert len(out) >= 1000, len(out)
    assert {len(ref.utf8(c["input"])) % 4 for c in out} == {0, 1, 2, 3}
    assert all(n in {len(c["input"]) for c in out} for n in range(41))
    assert sum(1 for c in out if c["seed"] >= 2**31) >= 50
    assert sum(1 for c in out if len(c["utf8"]) // 2 >= 1024) >= 10
    assert sum(1 for c in out if ref.redraws(c["input"]) > 0) >= 3
    return {
        "version": 1,
        "description": (
            "MurmurHash3_x86_32 golden vectors (docs/bucketing-contract.md sections 1-2). `input` is the string "
            "(lone surrogates are written as \\uXXXX escapes and hash as U+FFFD), `utf8` the hex of its WHATWG "
            "UTF-8 bytes, `murmur3` = murmur3_x86_32(utf8, seed) as an unsigned 32-bit integer. `bucket` does NOT "
            "depend on `seed`: it is the contract's draw applied to `input` as a whole: h = murmur3(utf8, 0); "
            "while h >= 4294900000: h = murmur3(utf8, seed = h); bucket = h mod 100000. `redrawInputs` lists the "
            "inputs whose first hash is >= 4294900000 (each also appears as a case with seed 0 and as a case with "
            "seed = its first hash, which is the re-draw step). Generated by scripts/vectors/generate.py; never "
            "by the TypeScript code under test."
        ),
        "redrawInputs": redraw_info,
        "cases": out,
    }


# ---------------------------------------------------------------------------------------------
# evaluation.json helpers
# ---------------------------------------------------------------------------------------------
BOOL_VARIANTS = [{"key": "on", "value": True}, {"key": "off", "value": False}]


def bool_flag(key, rules=None, fallthrough=None, enabled=True, salt=None, conditions=None):
    if conditions is not None:
        rules = [{"id": f"{key}-r0", "conditions": conditions, "serve": {"variant": "on"}}]
    return {
        "key": key, "type": "release", "salt": salt or ("s-" + key), "variants": BOOL_VARIANTS,
        "enabled": enabled, "offVariant": "off", "rules": rules or [],
        "fallthrough": fallthrough or {"variant": "off"}, "version": 1,
    }


def snapshot(flags, segments=()):
    keys = [f["key"] for f in flags]
    assert len(keys) == len(set(keys)), "duplicate flag key in a suite"
    return {"schemaVersion": 1, "environment": "test", "revision": 1, "flags": list(flags),
            "segments": list(segments)}


class Suite:
    def __init__(self, name, flags, segments=()):
        self.name = name
        self.snap = snapshot(flags, segments)
        self.ev = ref.Evaluator(self.snap)
        self.cases = []

    def case(self, name, flag, context, type_="boolean", default=False, expect=None, partial=None):
        got = self.ev.evaluate(flag, context, type_, default)
        if expect is not None and got != expect:
            raise AssertionError(f"[{self.name}] {name}: hand-written {expect} != reference {got}")
        if partial is not None:
            for k, v in partial.items():
                if k.startswith("no_"):
                    if k[3:] in got:
                        raise AssertionError(f"[{self.name}] {name}: {k[3:]} present in {got}")
                elif got.get(k, "<absent>") != v:
                    raise AssertionError(f"[{self.name}] {name}: {k} = {got.get(k, '<absent>')!r}, hand-written {v!r}")
        assert name not in {c["name"] for c in self.cases}, f"duplicate case name {name}"
        self.cases.append({"name": name, "flag": flag, "context": context, "type": type_, "default": default,
                           "expect": got})
        return got

    def json(self):
        return {"name": self.name, "snapshot": self.snap, "cases": self.cases}


def on(flag):
    return {"value": True, "variant": "on", "reason": "RULE_MATCH", "ruleId": f"{flag}-r0", "ruleIndex": 0}


OFF_DEFAULT = {"value": False, "variant": "off", "reason": "DEFAULT"}


def err(code, default=False):
    return {"value": default, "reason": "ERROR", "errorCode": code}


M = object()  # the attribute is not in the context at all

# ---------------------------------------------------------------------------------------------
# Suite: conditions (hand-written expectations, one boolean flag per condition)
# ---------------------------------------------------------------------------------------------
ORDER = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
         "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0", "10.0.0"]
LONG_A_4096 = "b" * 4095 + "a"
LONG_A_4097 = "b" * 4096 + "a"
LONG_EMOJI_4096 = "b" * 4093 + "a" + "😀"
LONG_EMOJI_4097 = "b" * 4094 + "a" + "😀"

# (short name, condition, [(attribute value or M, hand-written expectation, note)])
# The attribute is "a" unless the condition names another; the context also has key "user-1".
CONDITIONS = [
    ("eq-string", {"op": "eq", "attribute": "a", "value": "FR"}, [
        ("FR", True, "equal"), ("fr", False, "case-sensitive"), ("FRA", False, "longer"),
        (["DE", "FR"], True, "array: any element"), (["DE", "IT"], False, "array: no element"),
        (M, False, "missing"), (None, False, "null is missing"), (1, False, "number vs string"),
        ({"v": "FR"}, False, "object is missing"), ([], False, "empty array is missing")]),
    ("eq-number", {"op": "eq", "attribute": "a", "value": 1}, [
        (1, True, "equal"), (1.0, True, "1.0 is the number 1"), ("1", False, "string '1' is not 1"),
        (True, False, "true is not 1"), ([2, 1], True, "array"), (1.5, False, "different number")]),
    ("eq-bool", {"op": "eq", "attribute": "a", "value": True}, [
        (True, True, "equal"), ("true", False, "string 'true'"), (1, False, "number 1"), (False, False, "false")]),
    ("eq-empty-string", {"op": "eq", "attribute": "a", "value": ""}, [
        ("", True, "empty string is usable"), (M, False, "missing"), (" ", False, "space")]),
    ("eq-negated", {"op": "eq", "attribute": "a", "value": "FR", "negate": True}, [
        ("FR", False, "equal, negated"), ("DE", True, "different, negated"),
        (M, False, "missing stays false when negated"), (None, False, "null stays false when negated"),
        (["FR", "DE"], False, "array: negation of 'any element'"), (["IT", "DE"], True, "array: none equal")]),
    ("in", {"op": "in", "attribute": "a", "values": ["FR", "DE"]}, [
        ("FR", True, "first"), ("DE", True, "second"), ("IT", False, "none"), (["IT", "DE"], True, "array any"),
        (["IT"], False, "array none"), (M, False, "missing"), ("fr", False, "case-sensitive")]),
    ("in-mixed-types", {"op": "in", "attribute": "a", "values": ["1", 2, True]}, [
        (1, False, "1 is not '1'"), ("1", True, "'1'"), (2, True, "2"), ("2", False, "'2' is not 2"),
        (True, True, "true"), (False, False, "false"), ("true", False, "'true' is not true")]),
    ("in-negated", {"op": "in", "attribute": "a", "values": ["FR"], "negate": True}, [
        ("FR", False, "in, negated"), ("IT", True, "not in, negated"),
        (M, False, "user without a country does not match a negated in [FR]"),
        (["IT", "DE"], True, "array: no element in"), (["IT", "FR"], False, "array: one element in")]),
    ("in-empty-values", {"op": "in", "attribute": "a", "values": []}, [("x", False, "nothing to equal")]),
    ("not_in", {"op": "not_in", "attribute": "a", "values": ["FR", "DE"]}, [
        ("IT", True, "none equal"), ("FR", False, "one equals"), (M, False, "missing"),
        (["FR", "IT"], False, "CHOICE: an array is not_in only when no element is among values"),
        (["IT", "ES"], True, "array: no element among values"),
        (["FR", "DE"], False, "array: every element is among values"),
        (1, True, "number 1 equals none of the strings")]),
    ("not_in-negated", {"op": "not_in", "attribute": "a", "values": ["FR"], "negate": True}, [
        ("FR", True, "negated not_in"), ("IT", False, "negated not_in"), (M, False, "missing stays false")]),
    ("contains", {"op": "contains", "attribute": "a", "values": ["beta"]}, [
        ("opt-beta-1", True, "substring"), ("BETA", False, "case-sensitive"), ("bet", False, "partial"),
        (5, False, "not a string"), (["x", "is-beta"], True, "array any"), (M, False, "missing"),
        (True, False, "boolean")]),
    ("contains-ci", {"op": "contains", "attribute": "a", "values": ["beta"], "caseInsensitive": True}, [
        ("BETA-tester", True, "upper"), ("Beta", True, "mixed"), ("alpha", False, "absent")]),
    ("contains-ci-accents", {"op": "contains", "attribute": "a", "values": ["ÉCOLE"], "caseInsensitive": True}, [
        ("l'école", True, "both sides lower-cased: é"), ("L'ÉCOLE", True, "upper"), ("ecole", False, "no accent")]),
    ("contains-ci-sharp-s", {"op": "contains", "attribute": "a", "values": ["straße"], "caseInsensitive": True}, [
        ("STRASSE", False, "lower-casing, not case folding: ss is not ß"),
        ("STRAẞE", True, "capital sharp s lower-cases to ß"), ("Straße", True, "same")]),
    ("contains-several", {"op": "contains", "attribute": "a", "values": ["a", "b"]}, [
        ("xbx", True, "second value"), ("xyz", False, "neither")]),
    ("contains-empty-value", {"op": "contains", "attribute": "a", "values": [""]}, [
        ("anything", True, "every string contains ''"), ("", True, "'' contains ''"), (0, False, "not a string")]),
    ("contains-accent-cs", {"op": "contains", "attribute": "a", "values": ["é"]}, [
        ("CAFÉ", False, "case-sensitive"), ("café", True, "exact")]),
    ("contains-negated", {"op": "contains", "attribute": "a", "values": ["beta"], "negate": True}, [
        ("alpha", True, "negated"), ("beta", False, "negated"), (M, False, "missing stays false"),
        (5, True, "CHOICE: present but wrong type -> false, negated -> true (only missing is special)")]),
    ("starts_with", {"op": "starts_with", "attribute": "a", "values": ["user-"]}, [
        ("user-1", True, "prefix"), ("User-1", False, "case-sensitive"), ("my-user-1", False, "not a prefix")]),
    ("starts_with-ci", {"op": "starts_with", "attribute": "a", "values": ["user-"], "caseInsensitive": True}, [
        ("USER-1", True, "ci"), ("my-user-1", False, "not a prefix")]),
    ("starts_with-cjk", {"op": "starts_with", "attribute": "a", "values": ["用户"]}, [
        ("用户123", True, "CJK prefix"), ("123用户", False, "not a prefix")]),
    ("starts_with-ci-dotted-i", {"op": "starts_with", "attribute": "a", "values": ["i"], "caseInsensitive": True}, [
        ("İstanbul", True, "U+0130 lower-cases to i + U+0307 (Unicode default, no locale)"),
        ("Istanbul", True, "I -> i")]),
    ("ends_with", {"op": "ends_with", "attribute": "a", "values": ["@example.com"]}, [
        ("a@example.com", True, "suffix"), ("a@EXAMPLE.COM", False, "case-sensitive"),
        ("a@example.com.evil", False, "not a suffix")]),
    ("ends_with-ci", {"op": "ends_with", "attribute": "a", "values": ["@example.com"], "caseInsensitive": True}, [
        ("a@EXAMPLE.COM", True, "ci")]),
    ("ends_with-emoji", {"op": "ends_with", "attribute": "a", "values": ["😀"]}, [
        ("hi😀", True, "astral suffix"), ("😀hi", False, "not a suffix")]),
    ("ends_with-ci-final-sigma", {"op": "ends_with", "attribute": "a", "values": ["ος"], "caseInsensitive": True}, [
        ("ΟΔΟΣ", True, "Unicode default lower-casing maps a final Σ to ς"),
        ("οδοσ", False, "σ is not ς")]),
    ("lt", {"op": "lt", "attribute": "a", "value": 10}, [
        (5, True, "5 < 10"), (10, False, "equal"), (10.5, False, "greater"), (-3, True, "negative"),
        (9.999, True, "fraction"), ("5", False, "string '5' is not a number"), (True, False, "boolean"),
        ([20, 5], True, "array any"), ([20, 30], False, "array none"), (M, False, "missing"),
        (["5", 20], False, "array of a numeric string and a bigger number")]),
    ("lte", {"op": "lte", "attribute": "a", "value": 10}, [(10, True, "equal"), (10.0001, False, "greater")]),
    ("gt", {"op": "gt", "attribute": "a", "value": 10}, [(11, True, ">"), (10, False, "equal"), (1000.0, True, "1000")]),
    ("gte", {"op": "gte", "attribute": "a", "value": 10}, [(10, True, "equal"), (9, False, "less")]),
    ("gt-fraction", {"op": "gt", "attribute": "a", "value": 0.1}, [(0.2, True, ">"), (0.1, False, "equal")]),
    ("lt-negated", {"op": "lt", "attribute": "a", "value": 10, "negate": True}, [
        (5, False, "negated"), (20, True, "negated"), (M, False, "missing stays false"),
        ("5", True, "CHOICE: wrong type is false, so negated it is true")]),
    ("before-iso", {"op": "before", "attribute": "a", "value": "2024-06-01T00:00:00Z"}, [
        ("2024-05-31T23:59:59.999Z", True, "1 ms before"), ("2024-06-01T00:00:00Z", False, "equal: strictly"),
        ("2024-06-01", False, "date-only is UTC midnight: equal"), ("2024-05-31", True, "the day before"),
        (1717199999999, True, "epoch ms, 1 ms before"), (1717200000000, False, "epoch ms, equal"),
        ("2024-06-01T01:30+02:00", True, "offset: 23:30Z the day before"),
        ("2024-05-31T22:00-02:00", False, "offset: exactly 00:00Z"),
        ("2024-05-31T22:00:00.001-02:00", False, "offset: 1 ms after"),
        ("2024-05-31T23:59Z", True, "no seconds"), ("not a date", False, "unparsable"),
        (True, False, "boolean"), (M, False, "missing"), ("2024-02-29", True, "leap day"),
        ("2024-02-30", False, "CHOICE: 30 February is not a date (strict calendar check)"),
        ("2023-02-29", False, "CHOICE: 29 February 2023 is not a date"),
        ("2024-05-31T23:59:59.5Z", True, "CHOICE: 1 to 9 fraction digits, truncated to ms"),
        ("2024-05-31t23:00Z", False, "CHOICE: lower-case t is not accepted"),
        ("2024-05-31T23:00", False, "CHOICE: a date-time needs Z or an offset"),
        ("2024-05-30T24:00Z", False, "CHOICE: hour 24 is not accepted"),
        ("2024-05-31T23:59:59.123456Z", True, "CHOICE: six fraction digits (Postgres, Python) are accepted"),
        ("2024-05-31T23:59:59.9999999999Z", False, "CHOICE: ten fraction digits are not"),
        ("1717199999999", False, "CHOICE: epoch ms as a string is not a date"),
        (["2030-01-01", "2020-01-01"], True, "array any"), ("2024-05-31T23:00:00+00:00", True, "+00:00")]),
    ("before-epoch", {"op": "before", "attribute": "a", "value": 1717200000000}, [
        ("2024-05-31", True, "ISO attribute vs epoch value"), ("2024-06-01T00:00:00.000Z", False, "equal"),
        (0, True, "epoch 0"), (-1, True, "before 1970")]),
    ("after", {"op": "after", "attribute": "a", "value": "2024-06-01"}, [
        ("2024-06-01T00:00:00.001Z", True, "1 ms after"), ("2024-06-01T00:00Z", False, "equal"),
        ("2024-06-01T00:00+00:01", False, "23:59Z the day before"),
        ("2024-06-01T00:00-00:01", True, "00:01Z"), (1717200000001, True, "epoch ms")]),
    ("after-negated", {"op": "after", "attribute": "a", "value": "2024-06-01", "negate": True}, [
        ("2024-01-01", True, "negated"), ("2025-01-01", False, "negated"), (M, False, "missing stays false"),
        ("garbage", True, "CHOICE: present but not a date is false, negated true")]),
    ("before-1970", {"op": "before", "attribute": "a", "value": "1970-01-01"}, [
        (-1, True, "-1 ms"), (0, False, "equal"), ("1969-12-31T23:59:59.999Z", True, "ISO before 1970")]),
    ("semver_eq", {"op": "semver_eq", "attribute": "a", "value": "1.0.0"}, [
        ("1.0.0", True, "equal"), ("1.0.0+build.5", True, "build metadata ignored"),
        ("1.0.0-rc.1", False, "pre-release"), ("1.0", False, "not SemVer"), ("v1.0.0", False, "no v prefix"),
        ("01.0.0", False, "leading zero"), (1, False, "number"), (" 1.0.0", False, "leading space"),
        ("1.0.0-", False, "empty pre-release"), (["2.0.0", "1.0.0"], True, "array any")]),
    ("semver_eq-build-value", {"op": "semver_eq", "attribute": "a", "value": "1.0.0+abc"}, [
        ("1.0.0+xyz", True, "build metadata ignored on both sides"), ("1.0.0", True, "no build")]),
    ("semver_lte", {"op": "semver_lte", "attribute": "a", "value": "2.0.0"}, [
        ("2.0.0", True, "equal"), ("2.0.0-rc.1", True, "pre-release below"), ("2.0.1", False, "above"),
        ("1.99.99", True, "numeric")]),
    ("semver_gte", {"op": "semver_gte", "attribute": "a", "value": "2.0.0"}, [
        ("2.0.0-rc.1", False, "pre-release below"), ("2.0.0+b", True, "equal ignoring build"),
        ("10.0.0", True, "numeric, not lexical"), ("2.0.0-alpha", False, "pre-release")]),
    ("semver_gt-numeric-ids", {"op": "semver_gt", "attribute": "a", "value": "1.0.0-alpha.9"}, [
        ("1.0.0-alpha.10", True, "numeric identifiers numerically"), ("1.0.0-alpha.a", True, "alphanumeric > numeric"),
        ("1.0.0-alpha.8", False, "lower")]),
    ("semver_lt-prefix", {"op": "semver_lt", "attribute": "a", "value": "1.0.0-alpha.1"}, [
        ("1.0.0-alpha", True, "shorter pre-release set is lower"), ("1.0.0-alpha.1.1", False, "longer is higher")]),
    ("semver_lt-ascii", {"op": "semver_lt", "attribute": "a", "value": "1.0.0-a"}, [
        ("1.0.0-A", True, "ASCII order: A < a"), ("1.0.0-b", False, "b > a")]),
    ("semver_gt-big", {"op": "semver_gt", "attribute": "a", "value": "1.0.9007199254740992"}, [
        ("1.0.9007199254740993", True, "numbers beyond 2^53 compared exactly"),
        ("1.0.9007199254740992", False, "equal")]),
    ("semver_lt-invalid-numeric-pre", {"op": "semver_lt", "attribute": "a", "value": "1.0.0"}, [
        ("1.0.0-01", False, "leading zero in a numeric pre-release identifier: not SemVer"),
        ("1.0.0-0", True, "0 is fine")]),
    ("semver_lt-negated", {"op": "semver_lt", "attribute": "a", "value": "2.0.0", "negate": True}, [
        ("1.0.0", False, "negated"), ("3.0.0", True, "negated"), ("bogus", True, "CHOICE: not SemVer, negated"),
        (M, False, "missing stays false")]),
    ("matches", {"op": "matches", "attribute": "a", "value": "^user-[0-9]+$"}, [
        ("user-12", True, "match"), ("user-", False, "no digits"),
        ("user-12\n", False, "ECMAScript $ without m: end of input only"), ("xuser-1", False, "anchored"),
        (12, False, "numbers are not stringified"), (["a", "user-7"], True, "array any")]),
    ("matches-escape", {"op": "matches", "attribute": "a", "value": "@example\\.com$"}, [
        ("a@example.com", True, "match"), ("a@exampleXcom", False, "escaped dot")]),
    ("matches-ci", {"op": "matches", "attribute": "a", "value": "colou?r", "caseInsensitive": True}, [
        ("COLOR", True, "flag i"), ("Colour", True, "flag i"), ("colr", False, "no match")]),
    ("matches-cs", {"op": "matches", "attribute": "a", "value": "colou?r"}, [
        ("COLOR", False, "case-sensitive"), ("my colour", True, "search, not full match")]),
    ("matches-dot", {"op": "matches", "attribute": "a", "value": "^.$"}, [
        ("😀", False, "CHOICE: no u flag, an astral character is two units"), ("a", True, "one unit"),
        ("é", True, "one unit")]),
    ("matches-alt", {"op": "matches", "attribute": "a", "value": "^(alpha|beta)-"}, [
        ("beta-3", True, "alternative"), ("gamma-3", False, "none")]),
    ("matches-length", {"op": "matches", "attribute": "a", "value": "a"}, [
        (LONG_A_4096, True, "4,096 units is allowed"), (LONG_A_4097, False, "4,097 units is refused"),
        (LONG_EMOJI_4096, True, "4,096 units with an astral character counted as 2"),
        (LONG_EMOJI_4097, False, "4,097 units with an astral character counted as 2")]),
    ("matches-negated", {"op": "matches", "attribute": "a", "value": "^admin", "negate": True}, [
        ("admin-1", False, "negated"), ("user", True, "negated"), (M, False, "missing stays false")]),
    ("present", {"op": "present", "attribute": "a"}, [
        ("", True, "empty string"), (0, True, "zero"), (False, True, "false"), ("x", True, "string"),
        (None, False, "null"), ({}, False, "object"), ([], False, "empty array"), (["a"], True, "array"),
        (["a", 1, True], True, "array of mixed scalars"),
        (["a", None], False, "CHOICE: an array with a non-scalar element is missing as a whole"),
        ([["a"]], False, "nested array"), ([{}], False, "array of objects"), (M, False, "missing")]),
    ("absent", {"op": "absent", "attribute": "a"}, [
        (None, True, "null"), (M, True, "missing"), ("x", False, "present"), ([], True, "empty array")]),
    ("present-negated", {"op": "present", "attribute": "a", "negate": True}, [
        (M, True, "present/absent are simply inverted"), ("x", False, "inverted")]),
    ("absent-negated", {"op": "absent", "attribute": "a", "negate": True}, [
        (M, False, "inverted"), ("x", True, "inverted")]),
]

# Conditions whose context is given whole (inherited properties, key/userId as attributes).
WHOLE_CONTEXT = [
    ("inherited-constructor-present", {"op": "present", "attribute": "constructor"}, {"key": "u"}, False,
     "inherited constructor is missing"),
    ("inherited-toString-present", {"op": "present", "attribute": "toString"}, {"key": "u"}, False,
     "inherited toString is missing"),
    ("inherited-proto-present", {"op": "present", "attribute": "__proto__"}, {"key": "u"}, False,
     "inherited __proto__ is missing"),
    ("inherited-hasOwnProperty-present", {"op": "present", "attribute": "hasOwnProperty"}, {"key": "u"}, False,
     "inherited hasOwnProperty is missing"),
    ("inherited-valueOf-present", {"op": "present", "attribute": "valueOf"}, {"key": "u"}, False,
     "inherited valueOf is missing"),
    ("inherited-constructor-absent", {"op": "absent", "attribute": "constructor"}, {"key": "u"}, True,
     "absent holds for an inherited property"),
    ("inherited-toString-eq", {"op": "eq", "attribute": "toString", "value": "x"}, {"key": "u"}, False,
     "eq on an inherited property"),
    ("inherited-constructor-eq-negated", {"op": "eq", "attribute": "constructor", "value": "x", "negate": True},
     {"key": "u"}, False, "negated condition on an inherited (missing) property stays false"),
    ("inherited-proto-in-negated", {"op": "in", "attribute": "__proto__", "values": ["x"], "negate": True},
     {"key": "u"}, False, "negated in on __proto__ stays false"),
    ("own-constructor-present", {"op": "present", "attribute": "constructor"}, {"key": "u", "constructor": "c"},
     True, "an own property named constructor is an attribute"),
    ("own-proto-eq", {"op": "eq", "attribute": "__proto__", "value": "admin"}, {"key": "u", "__proto__": "admin"},
     True, "JSON.parse makes __proto__ an own property: it is an attribute like any other"),
    ("attribute-key", {"op": "eq", "attribute": "key", "value": "u1"}, {"key": "u1"}, True,
     "CHOICE: key is also an attribute"),
    ("attribute-userId", {"op": "starts_with", "attribute": "userId", "values": ["emp-"]}, {"userId": "emp-7"}, True,
     "CHOICE: userId is also an attribute"),
    ("empty-conditions", None, {}, True, "a rule with no conditions always holds"),
]


def conditions_suite():
    flags, plans = [], []
    for i, (short, cond, rows) in enumerate(CONDITIONS):
        key = f"cond-{i:02d}-{short}"
        flags.append(bool_flag(key, conditions=[cond]))
        plans.append((key, short, rows))
    whole = []
    for short, cond, ctx, want, note in WHOLE_CONTEXT:
        key = f"cond-{short}"
        flags.append(bool_flag(key, conditions=[cond] if cond else []))
        whole.append((key, short, ctx, want, note))
    s = Suite("conditions", flags)
    for key, short, rows in plans:
        for j, (value, want, note) in enumerate(rows):
            ctx = {"key": "user-1"}
            if value is not M:
                ctx["a"] = value
            s.case(f"{short} #{j}: {note}", key, ctx, expect=on(key) if want else OFF_DEFAULT)
    for key, short, ctx, want, note in whole:
        s.case(f"{short}: {note}", key, ctx, expect=on(key) if want else OFF_DEFAULT)
    # Semver precedence chain: every ordered pair of the SemVer 2.0.0 example list (plus releases).
    chain_flags = []
    for i, v in enumerate(ORDER):
        for op in ["semver_lt", "semver_gt", "semver_eq", "semver_lte", "semver_gte"]:
            chain_flags.append((f"order-{op}-{i:02d}", {"op": op, "attribute": "version", "value": v}))
    s2 = Suite("semver-precedence", [bool_flag(k, conditions=[c]) for k, c in chain_flags])
    for i, v in enumerate(ORDER):
        # Neighbours below and above (hand-derivable from the position in ORDER).
        for j in sorted({i - 1, i, i + 1} & set(range(len(ORDER)))):
            w = ORDER[j]
            for op, want in [("semver_lt", j < i), ("semver_gt", j > i), ("semver_eq", j == i),
                             ("semver_lte", j <= i), ("semver_gte", j >= i)]:
                key = f"order-{op}-{i:02d}"
                s2.case(f"{w} {op} {v}", key, {"key": "u", "version": w}, expect=on(key) if want else OFF_DEFAULT)
    return [s, s2]


# ---------------------------------------------------------------------------------------------
# Suite: segments
# ---------------------------------------------------------------------------------------------
def segments_suite():
    segs = [
        {"key": "beta-testers", "included": ["u1", "u2", "42"], "excluded": ["u2"],
         "conditions": [{"op": "eq", "attribute": "plan", "value": "beta"}]},
        {"key": "staff", "conditions": [{"op": "ends_with", "attribute": "email", "values": ["@flagstaff.dev"]}]},
        {"key": "list-only", "included": ["u9"]},
        {"key": "empty-conditions", "included": ["u9"], "conditions": []},
        {"key": "excluded-only", "excluded": ["u3"], "conditions": [{"op": "present", "attribute": "email"}]},
        {"key": "not-french", "conditions": [{"op": "in", "attribute": "country", "values": ["FR"], "negate": True}]},
        {"key": "two-conditions", "conditions": [{"op": "eq", "attribute": "plan", "value": "pro"},
                                                 {"op": "gte", "attribute": "seats", "value": 10}]},
        {"key": "utf8-members", "included": ["José", "用户", "🦊"]},
        # As client keys receive segments: members listed by hash only (see docs/sdk-protocol.md).
        {"key": "hashed", "includedHashes": [ref.segment_key_hash("hashed", k) for k in ["u1", "用户", "42"]],
         "excludedHashes": [ref.segment_key_hash("hashed", "u2")],
         "conditions": [{"op": "eq", "attribute": "plan", "value": "beta"}]},
    ]
    seg = lambda key, names, neg=False: bool_flag(  # noqa: E731
        key, conditions=[{"op": "segment", "segments": names, **({"negate": True} if neg else {})}])
    flags = [seg("seg-beta", ["beta-testers"]), seg("seg-any", ["list-only", "staff"]),
             seg("seg-missing", ["no-such-segment"]), seg("seg-missing-negated", ["no-such-segment"], True),
             seg("seg-beta-negated", ["beta-testers"], True), seg("seg-empty-conditions", ["empty-conditions"]),
             seg("seg-missing-or-list", ["no-such-segment", "list-only"]), seg("seg-excluded-only", ["excluded-only"]),
             seg("seg-not-french", ["not-french"]), seg("seg-two-conditions", ["two-conditions"]),
             seg("seg-utf8", ["utf8-members"]), seg("seg-hashed", ["hashed"])]
    s = Suite("segments", flags, segs)
    T, F = True, False
    rows = [
        ("seg-beta", {"key": "u1"}, T, "included"),
        ("seg-beta", {"key": "u2", "plan": "beta"}, F, "excluded wins over included and conditions"),
        ("seg-beta", {"key": "u3", "plan": "beta"}, T, "conditions hold"),
        ("seg-beta", {"key": "u3"}, F, "neither listed nor conditions"),
        ("seg-beta", {"userId": "u1"}, T, "context key falls back to userId"),
        ("seg-beta", {"key": "u4", "userId": "u1"}, F, "key wins over userId"),
        ("seg-beta", {"userId": 42}, T, "numeric context key 42 is '42'"),
        ("seg-beta", {"key": 42}, T, "numeric key 42 is '42'"),
        ("seg-beta", {"plan": "beta"}, T, "no context key: conditions decide"),
        ("seg-beta", {"key": "U1"}, F, "keys are case-sensitive"),
        ("seg-beta", {"key": None, "userId": "u1"}, T, "CHOICE: key null counts as absent, userId is used"),
        ("seg-beta", {"key": True, "userId": "u1"}, F,
         "CHOICE: a present but unusable key gives no context key (no fallback to userId)"),
        ("seg-beta", {"key": 1.5, "userId": "u1", "plan": "beta"}, T, "unusable key: conditions still decide"),
        ("seg-any", {"key": "u9"}, T, "first listed segment (list-only)"),
        ("seg-any", {"key": "x", "email": "a@flagstaff.dev"}, T, "second segment by condition"),
        ("seg-any", {"key": "x"}, F, "neither"),
        ("seg-missing", {"key": "u1"}, F, "a missing segment is false"),
        ("seg-missing-negated", {"key": "u1"}, T, "CHOICE: negated segment condition on a missing segment is true"),
        ("seg-beta-negated", {"key": "u1"}, F, "negated member"),
        ("seg-beta-negated", {"key": "u5"}, T, "negated non-member"),
        ("seg-beta-negated", {"key": "u2", "plan": "beta"}, T, "excluded is not a member, negated"),
        ("seg-beta-negated", {}, T, "segment conditions on missing attributes: not a member, negated true"),
        ("seg-empty-conditions", {"key": "u9"}, T, "included"),
        ("seg-empty-conditions", {"key": "u8"}, F, "conditions [] gives no rule-based members"),
        ("seg-missing-or-list", {"key": "u9"}, T, "one missing, one member"),
        ("seg-missing-or-list", {"key": "u8"}, F, "one missing, one non-member"),
        ("seg-excluded-only", {"key": "u3", "email": "x"}, F, "excluded"),
        ("seg-excluded-only", {"key": "u4", "email": "x"}, T, "conditions"),
        ("seg-excluded-only", {"email": "x"}, T, "no context key, conditions"),
        ("seg-not-french", {"key": "a", "country": "DE"}, T, "negated condition inside a segment"),
        ("seg-not-french", {"key": "a", "country": "FR"}, F, "negated condition inside a segment"),
        ("seg-not-french", {"key": "a"}, F, "missing attribute stays false inside a segment"),
        ("seg-two-conditions", {"key": "a", "plan": "pro", "seats": 10}, T, "all conditions hold"),
        ("seg-two-conditions", {"key": "a", "plan": "pro", "seats": 9}, F, "one fails"),
        ("seg-two-conditions", {"key": "a", "plan": "pro", "seats": "10"}, F, "wrong type"),
        ("seg-utf8", {"key": "José"}, T, "accented key"), ("seg-utf8", {"key": "用户"}, T, "CJK key"),
        ("seg-utf8", {"userId": "🦊"}, T, "emoji userId"), ("seg-utf8", {"key": "Jose"}, F, "no accent"),
        ("seg-hashed", {"key": "u1"}, T, "included by hash"), ("seg-hashed", {"userId": "用户"}, T, "CJK key by hash"),
        ("seg-hashed", {"key": 42}, T, "numeric key 42 hashed as '42'"),
        ("seg-hashed", {"key": "u2", "plan": "beta"}, F, "excluded by hash wins over conditions"),
        ("seg-hashed", {"key": "u3"}, F, "neither listed nor conditions"),
        ("seg-hashed", {"key": "u3", "plan": "beta"}, T, "conditions hold"),
        ("seg-hashed", {"key": "U1"}, F, "hashes are of the exact key"),
    ]
    for i, (flag, ctx, want, note) in enumerate(rows):
        s.case(f"{flag} #{i}: {note}", flag, ctx, expect=on(flag) if want else OFF_DEFAULT)
    return s


# ---------------------------------------------------------------------------------------------
# Suite: hashed lists (`in` / `not_in` / `eq` as client keys receive them)
# ---------------------------------------------------------------------------------------------
# (short name, clear condition, [(attribute value or M, hand-written expectation, note)]). Each
# condition is evaluated twice: as written, and as the server hashes it for client keys
# (ref.hash_list_condition, salt `flag/<flag salt>/<rule>/<condition>`); both must give the hand-written
# answer.
HASHED_LISTS = [
    ("in-strings", {"op": "in", "attribute": "a", "values": ["alice", "bob@example.com", "用户", "🦊", ""]}, [
        ("alice", True, "listed"), ("Alice", False, "case-sensitive"), ("用户", True, "CJK"), ("🦊", True, "emoji"),
        ("", True, "empty string"), ("carol", False, "not listed"), (["x", "bob@example.com"], True, "array: any"),
        (["x", "y"], False, "array: none"), (M, False, "missing"), (None, False, "null is missing"),
        (1, False, "a number is none of the strings"), (True, False, "a boolean is none of the strings")]),
    ("in-mixed-types", {"op": "in", "attribute": "a", "values": ["1", 2, True, 1.5, 0, 9007199254740992]}, [
        (1, False, "1 is not '1'"), ("1", True, "'1'"), (2, True, "2"), (2.0, True, "2.0 is the number 2"),
        ("2", False, "'2' is not 2"), (True, True, "true, kept in clear"), (False, False, "false"),
        ("true", False, "'true' is not true"), (1.5, True, "a fraction, kept in clear"), (-0.0, True, "-0 is 0"),
        (9007199254740992, True, "2^53 is not a safe integer: kept in clear"), (1.25, False, "another fraction")]),
    ("in-lone-surrogates", {"op": "in", "attribute": "a", "values": ["\ud800", "x\udc00y", "plain"]}, [
        ("plain", True, "a hashed value beside the clear ones"),
        ("\ud800", True, "a lone surrogate, kept in clear"), ("x\udc00y", True, "lone low surrogate, in clear"),
        ("\ufffd", False, "U+FFFD is not the lone surrogate UTF-8 would turn into it"),
        ("x\ufffdy", False, "nor here")]),
    ("in-replacement-char", {"op": "in", "attribute": "a", "values": ["\ufffd", "a\ufffd"]}, [
        ("\ufffd", True, "U+FFFD itself, hashed"), ("\udfff", False, "a lone surrogate is not U+FFFD"),
        ("a\ud800", False, "nor here"), ("a\ufffd", True, "listed")]),
    ("in-negated", {"op": "in", "attribute": "a", "values": ["FR", "DE"], "negate": True}, [
        ("FR", False, "in, negated"), ("IT", True, "not in, negated"), (M, False, "missing stays false"),
        (["IT", "ES"], True, "array: no element in"), (["IT", "FR"], False, "array: one element in"),
        (True, True, "a boolean is in none of the strings, negated")]),
    ("not_in", {"op": "not_in", "attribute": "a", "values": ["u1", 42]}, [
        ("u1", False, "listed string"), (42, False, "listed number"), (42.0, False, "42.0 is 42"),
        ("42", True, "'42' is not 42"), ("u2", True, "not listed"), (["u2", "u3"], True, "array: none listed"),
        (["u2", "u1"], False, "array: one listed"), (M, False, "missing stays false")]),
    ("not_in-negated", {"op": "not_in", "attribute": "a", "values": ["u1"], "negate": True}, [
        ("u1", True, "negated not_in"), ("u2", False, "negated not_in"), (M, False, "missing stays false")]),
    ("eq-string", {"op": "eq", "attribute": "a", "value": "alice"}, [
        ("alice", True, "equal"), ("alicE", False, "case-sensitive"), (["x", "alice"], True, "array: any"),
        (M, False, "missing")]),
    ("eq-integer", {"op": "eq", "attribute": "a", "value": 42}, [
        (42, True, "equal"), ("42", False, "'42' is not 42"), (42.0, True, "42.0 is 42"), (43, False, "other")]),
    ("eq-negated", {"op": "eq", "attribute": "a", "value": "alice", "negate": True}, [
        ("alice", False, "equal, negated"), ("bob", True, "different, negated"), (M, False, "missing stays false")]),
    ("eq-boolean", {"op": "eq", "attribute": "a", "value": True}, [
        (True, True, "nothing to hash: the condition is left as it is"), (False, False, "false")]),
    ("in-long-list", {"op": "in", "attribute": "a", "values": [f"user-{i}" for i in range(40)]}, [
        ("user-0", True, "first"), ("user-39", True, "last"), ("user-40", False, "not listed")]),
    ("in-userId", {"op": "in", "attribute": "userId", "values": ["alice", "bob"]}, [
        ("alice", True, "the key attribute, listed"), ("carol", False, "not listed")]),
]


def hashed_lists_suite():
    flags, plans = [], []
    for i, (short, cond, rows) in enumerate(HASHED_LISTS):
        clear = bool_flag(f"clear-{i:02d}-{short}", conditions=[cond])
        salt = f"flag/{clear['salt']}/0/0"
        hashed = bool_flag(f"hashed-{i:02d}-{short}", conditions=[ref.hash_list_condition(cond, salt)])
        flags += [clear, hashed]
        plans.append((clear["key"], hashed["key"], short, cond, rows))
    members = {"op": "in", "attribute": "email", "values": ["ceo@example.com", "cfo@example.com"]}
    segs = [{"key": "board-clear", "conditions": [members]},
            {"key": "board-hashed", "conditions": [ref.hash_list_condition(members, "segment/board-hashed/0")]}]
    for seg in ("board-clear", "board-hashed"):
        flags.append(bool_flag(f"seg-{seg}", conditions=[{"op": "segment", "segments": [seg]}]))
    s = Suite("hashed-lists", flags, segs)
    for clear, hashed, short, cond, rows in plans:
        hashed_cond = s.snap["flags"][[f["key"] for f in flags].index(hashed)]["rules"][0]["conditions"][0]
        listed = cond["values"] if "values" in cond else [cond["value"]]
        if all(ref.list_value_hash("x", v) is None for v in listed):
            assert hashed_cond == cond, "nothing to hash: unchanged"
        else:
            assert hashed_cond["op"].endswith("_hashed"), short
            clear_text = json.dumps(hashed_cond, ensure_ascii=False)
            for v in cond.get("values", [cond.get("value")]):
                if ref.list_value_hash("x", v) is not None:
                    assert not any(ref.same_scalar(v, w) for w in hashed_cond.get("values", [])), (short, v)
                    assert not (isinstance(v, str) and len(v) >= 3 and v in clear_text), (short, v)
        for j, (value, want, note) in enumerate(rows):
            ctx = {"key": "user-1"}
            if value is not M:
                ctx["a" if cond["attribute"] == "a" else cond["attribute"]] = value
            for key in (clear, hashed):
                s.case(f"{short} #{j} ({key.split('-')[0]}): {note}", key, ctx, expect=on(key) if want else OFF_DEFAULT)
    # The same value hashes differently under different salts: conditions do not correlate.
    assert ref.list_value_hash("flag/a/0/0", "alice") != ref.list_value_hash("flag/a/0/1", "alice")
    for j, (email, want) in enumerate([("ceo@example.com", True), ("cto@example.com", False), (None, False)]):
        ctx = {"key": "u"} if email is None else {"key": "u", "email": email}
        for seg in ("board-clear", "board-hashed"):
            key = f"seg-{seg}"
            s.case(f"segment condition #{j} ({seg}): {email}", key, ctx, expect=on(key) if want else OFF_DEFAULT)
    return s


# ---------------------------------------------------------------------------------------------
# Suite: prerequisites
# ---------------------------------------------------------------------------------------------
def pre(key, target, variants, neg=False, extra=None, enabled=True):
    cond = {"op": "flag", "flag": target, "variants": variants}
    if neg:
        cond["negate"] = True
    return bool_flag(key, conditions=(extra or []) + [cond], enabled=enabled)


def prerequisites_suite():
    tier = {"key": "plan-tier", "type": "permission", "salt": "tier", "enabled": False, "offVariant": "free",
            "variants": [{"key": "free", "value": "free"}, {"key": "pro", "value": "pro"}], "rules": [],
            "fallthrough": {"variant": "pro"}, "version": 3}
    malformed = bool_flag("malformed-pre", fallthrough={"variant": "on"})
    malformed["offVariant"] = "nope"
    flags = [
        bool_flag("base-on", fallthrough={"variant": "on"}),
        bool_flag("base-off", fallthrough={"variant": "on"}, enabled=False),
        tier, malformed,
        bool_flag("base-country", conditions=[{"op": "in", "attribute": "country", "values": ["FR"]}]),
        bool_flag("pre-gated", fallthrough={"variant": "on", "percentage": 50}, salt="pre-gated-salt"),
        pre("dep-on", "base-on", ["on"]), pre("dep-off", "base-off", ["on"]),
        pre("dep-off-variant", "base-off", ["off"]), pre("dep-tier", "plan-tier", ["free"]),
        pre("dep-unknown", "nope", ["on"]), pre("dep-unknown-negated", "nope", ["on"], neg=True),
        pre("dep-malformed", "malformed-pre", ["on", "off"]),
        pre("dep-malformed-negated", "malformed-pre", ["on"], neg=True),
        pre("dep-country", "base-country", ["on"]), pre("dep-country-negated", "base-country", ["on"], neg=True),
        pre("dep-gated", "pre-gated", ["on"]),
        pre("dep-dep", "dep-country", ["on"]),
        pre("cyc-self", "cyc-self", ["on"]),
        pre("cyc-a", "cyc-b", ["on"]), pre("cyc-b", "cyc-a", ["on"]),
        pre("cyc-x", "cyc-y", ["on"]), pre("cyc-y", "cyc-z", ["on"]), pre("cyc-z", "cyc-x", ["off"]),
        pre("cyc-entry", "cyc-a", ["on"]),
        pre("cyc-guarded", "cyc-self", ["on"], extra=[{"op": "eq", "attribute": "country", "value": "FR"}]),
        pre("cyc-disabled", "cyc-disabled", ["on"], enabled=False),
    ]
    # cyc-negated: a negated prerequisite that is a cycle is still an error.
    flags.append(pre("cyc-negated", "cyc-negated", ["on"], neg=True))
    # Chains: dN -> ... -> d5 (d5 has no prerequisite): evaluating d0 has 5 flags below it.
    for prefix, length in [("d", 5), ("e", 6)]:
        for i in range(length):
            flags.append(pre(f"{prefix}{i}", f"{prefix}{i + 1}", ["on"]))
        flags.append(bool_flag(f"{prefix}{length}", fallthrough={"variant": "on"}))
    # Cycles of length 6 (closes at depth 6 -> cycle) and 7 (needs depth 6 first -> too deep).
    for prefix, length in [("h", 6), ("g", 7)]:
        for i in range(length):
            flags.append(pre(f"{prefix}{i}", f"{prefix}{(i + 1) % length}", ["on"]))
    s = Suite("prerequisites", flags)
    ON = lambda k: on(k)  # noqa: E731
    c = {"key": "user-1"}
    s.case("prerequisite on", "dep-on", c, expect=ON("dep-on"))
    s.case("prerequisite disabled serves its off variant: requires on", "dep-off", c, expect=OFF_DEFAULT)
    s.case("prerequisite disabled serves its off variant: requires off", "dep-off-variant", c,
           expect=ON("dep-off-variant"))
    s.case("disabled string prerequisite serves its off variant 'free'", "dep-tier", c, expect=ON("dep-tier"))
    s.case("unknown prerequisite: false", "dep-unknown", c, expect=OFF_DEFAULT)
    s.case("CHOICE: unknown prerequisite, negated: simply inverted, true", "dep-unknown-negated", c,
           expect=ON("dep-unknown-negated"))
    s.case("malformed prerequisite: false (not an error)", "dep-malformed", c, expect=OFF_DEFAULT)
    s.case("malformed prerequisite, negated: true", "dep-malformed-negated", c, expect=ON("dep-malformed-negated"))
    s.case("prerequisite evaluated for the same context: FR", "dep-country", {"key": "u", "country": "FR"},
           expect=ON("dep-country"))
    s.case("prerequisite evaluated for the same context: DE", "dep-country", {"key": "u", "country": "DE"},
           expect=OFF_DEFAULT)
    s.case("negated prerequisite: FR", "dep-country-negated", {"key": "u", "country": "FR"}, expect=OFF_DEFAULT)
    s.case("negated prerequisite: DE", "dep-country-negated", {"key": "u", "country": "DE"},
           expect=ON("dep-country-negated"))
    s.case("negated prerequisite, attribute missing in the prerequisite: prerequisite serves off, negated true",
           "dep-country-negated", {"key": "u"}, expect=ON("dep-country-negated"))
    s.case("two levels: FR", "dep-dep", {"key": "u", "country": "FR"}, expect=ON("dep-dep"))
    s.case("two levels: DE", "dep-dep", {"key": "u", "country": "DE"}, expect=OFF_DEFAULT)
    for i in range(8):
        ctx = {"key": f"user-{i}"}
        got = s.case(f"gated prerequisite, user-{i} (no bucket of the prerequisite is reported)", "dep-gated", ctx,
                     partial={"no_bucket": 1})
        pg = s.ev.evaluate("pre-gated", ctx, "boolean", False)
        assert (got["variant"] == "on") == (pg["variant"] == "on")
        s.case(f"the gated prerequisite itself, user-{i}", "pre-gated", ctx)
    s.case("direct cycle", "cyc-self", c, expect=err("PREREQUISITE_CYCLE"))
    s.case("direct cycle, default true is returned", "cyc-self", c, default=True,
           expect=err("PREREQUISITE_CYCLE", True))
    s.case("indirect cycle a->b->a from a", "cyc-a", c, expect=err("PREREQUISITE_CYCLE"))
    s.case("indirect cycle a->b->a from b", "cyc-b", c, expect=err("PREREQUISITE_CYCLE"))
    s.case("three-flag cycle x->y->z->x", "cyc-x", c, expect=err("PREREQUISITE_CYCLE"))
    s.case("three-flag cycle from z", "cyc-z", c, expect=err("PREREQUISITE_CYCLE"))
    s.case("cycle below the evaluated flag propagates", "cyc-entry", c, expect=err("PREREQUISITE_CYCLE"))
    s.case("negated self-prerequisite is still a cycle", "cyc-negated", c, expect=err("PREREQUISITE_CYCLE"))
    s.case("CHOICE: cycle behind a condition that holds: error", "cyc-guarded", {"key": "u", "country": "FR"},
           expect=err("PREREQUISITE_CYCLE"))
    s.case("CHOICE: cycle behind an earlier condition that fails is never reached: no error", "cyc-guarded",
           {"key": "u", "country": "DE"}, expect=OFF_DEFAULT)
    s.case("CHOICE: disabled flag does not evaluate its rules, so its self-cycle is not reached", "cyc-disabled", c,
           expect={"value": False, "variant": "off", "reason": "DISABLED"})
    s.case("chain of 5 flags below d0 (d0->d1->...->d5): fine", "d0", c, expect=ON("d0"))
    s.case("chain of 6 flags below e0 (e0->...->e6): too deep", "e0", c, expect=err("PREREQUISITE_TOO_DEEP"))
    s.case("chain of 5 flags below e1: fine", "e1", c, expect=ON("e1"))
    s.case("chain of 4 flags below d1: fine", "d1", c, expect=ON("d1"))
    s.case("cycle of 6 flags closes at depth 6 (h0 again): cycle", "h0", c, expect=err("PREREQUISITE_CYCLE"))
    s.case("cycle of 7 flags: depth 6 is reached before the cycle closes: too deep", "g0", c,
           expect=err("PREREQUISITE_TOO_DEEP"))
    s.case("evaluating the prerequisite directly", "base-country", {"key": "u", "country": "FR"},
           expect=ON("base-country"))
    s.case("disabled prerequisite directly", "base-off", c, expect={"value": False, "variant": "off",
                                                                     "reason": "DISABLED"})
    return s


# ---------------------------------------------------------------------------------------------
# Searching units by bucket
# ---------------------------------------------------------------------------------------------
def find_users(salt, draw, targets, prefix="user-", limit=3_000_000):
    """{target bucket: first user id whose draw lands there}."""
    want = set(targets)
    found = {}
    i = 0
    while want and i < limit:
        u = f"{prefix}{i}"
        b, _ = fast_bucket_ascii(f"{salt}:{draw}:{u}")
        if b in want:
            found[b] = u
            want.discard(b)
        i += 1
    assert not want, f"no users found for buckets {want} of {salt}:{draw}"
    return found


def find_redraw_user(salt, draw, prefix="unit-", accept=lambda u: True):
    i = 0
    while True:
        u = f"{prefix}{i}"
        if fast_bucket_ascii(f"{salt}:{draw}:{u}")[1] > 0 and accept(u):
            return u
        i += 1


# ---------------------------------------------------------------------------------------------
# Suite: rules, gates, kill switch
# ---------------------------------------------------------------------------------------------
def rules_suite():
    sv = [{"key": k, "value": k.upper()} for k in ["a", "b", "c", "d", "off"]]
    order = {"key": "rules-order", "type": "release", "salt": "ro", "variants": sv, "enabled": True,
             "offVariant": "off", "version": 7, "rules": [
                 {"id": "pro", "conditions": [{"op": "eq", "attribute": "plan", "value": "pro"}],
                  "serve": {"variant": "a"}},
                 {"id": "eu", "conditions": [{"op": "in", "attribute": "country", "values": ["FR", "DE"]}],
                  "serve": {"variant": "b"}},
                 {"id": "fr-pro", "conditions": [{"op": "eq", "attribute": "plan", "value": "pro"},
                                                 {"op": "eq", "attribute": "country", "value": "FR"}],
                  "serve": {"variant": "c"}}],
             "fallthrough": {"variant": "d"}}
    gated0 = {**order, "key": "rules-gate-zero", "salt": "rg0", "rules": [
        {"id": "closed", "conditions": [{"op": "eq", "attribute": "plan", "value": "pro"}],
         "serve": {"variant": "a", "percentage": 0}},
        {"id": "open", "conditions": [], "serve": {"variant": "b"}}]}
    gated50 = {**order, "key": "rules-gate-50", "salt": "rg50", "rules": [
        {"id": "half", "conditions": [], "serve": {"variant": "a", "percentage": 50}},
        {"id": "rest", "conditions": [{"op": "present", "attribute": "plan"}], "serve": {"variant": "b"}}]}
    rule100 = {**order, "key": "rules-gate-100", "salt": "rg100", "rules": [
        {"id": "all", "conditions": [], "serve": {"variant": "a", "percentage": 100}}]}
    killed = {**order, "key": "killed", "salt": "k", "enabled": False, "rules": order["rules"],
              "fallthrough": {"split": [{"variant": "a", "weight": 50}, {"variant": "b", "weight": 50}]}}
    ft0 = bool_flag("fallthrough-zero", fallthrough={"variant": "on", "percentage": 0}, salt="ft0")
    ft100 = bool_flag("fallthrough-100", fallthrough={"variant": "on", "percentage": 100}, salt="ft100")
    ft_off = bool_flag("fallthrough-plain-off", fallthrough={"variant": "off"})
    ft_on = bool_flag("fallthrough-plain-on", fallthrough={"variant": "on"})
    s = Suite("rules-and-gates", [order, gated0, gated50, rule100, killed, ft0, ft100, ft_off, ft_on])
    sval = lambda v: v.upper()  # noqa: E731
    rm = lambda v, rid, i: {"value": sval(v), "variant": v, "reason": "RULE_MATCH", "ruleId": rid,  # noqa: E731
                            "ruleIndex": i}
    tp = ("string", "zz")
    s.case("first applicable rule wins (pro and FR: rule 0, not rule 2)", "rules-order",
           {"key": "u", "plan": "pro", "country": "FR"}, *tp, expect=rm("a", "pro", 0))
    s.case("second rule", "rules-order", {"key": "u", "country": "DE"}, *tp, expect=rm("b", "eu", 1))
    s.case("no rule: fallthrough variant, DEFAULT", "rules-order", {"key": "u", "country": "IT"}, *tp,
           expect={"value": "D", "variant": "d", "reason": "DEFAULT"})
    s.case("no key needed without gates", "rules-order", {}, *tp,
           expect={"value": "D", "variant": "d", "reason": "DEFAULT"})
    s.case("rule whose gate (0%) rejects falls through to the next rule; its bucket is not reported",
           "rules-gate-zero", {"key": "u", "plan": "pro"}, *tp, expect=rm("b", "open", 1))
    s.case("rule with a gate and no stickiness value falls through", "rules-gate-zero", {"plan": "pro"}, *tp,
           expect=rm("b", "open", 1))
    seen = set()
    for i in range(12):
        ctx = {"key": f"user-{i}", "plan": "free"}
        got = s.case(f"50% rule gate, user-{i}", "rules-gate-50", ctx, *tp)
        seen.add(got["ruleIndex"])
        if got["ruleIndex"] == 0:
            assert got["bucket"] < 50000 and got["variant"] == "a"
        else:
            assert "bucket" not in got and got["variant"] == "b"
    assert seen == {0, 1}
    s.case("50% rule gate without stickiness value: next rule", "rules-gate-50", {"plan": "free"}, *tp,
           expect=rm("b", "rest", 1))
    s.case("50% rule gate, neither rule: fallthrough", "rules-gate-50", {}, *tp,
           expect={"value": "D", "variant": "d", "reason": "DEFAULT"})
    s.case("rule with percentage 100 has no gate: no bucket, no key needed", "rules-gate-100", {}, *tp,
           expect=rm("a", "all", 0))
    s.case("kill switch: off variant even though rule 0 matches", "killed", {"key": "u", "plan": "pro"}, *tp,
           expect={"value": "OFF", "variant": "off", "reason": "DISABLED"})
    s.case("kill switch: no split bucket", "killed", {"key": "u"}, *tp,
           expect={"value": "OFF", "variant": "off", "reason": "DISABLED"})
    s.case("kill switch: not even a context key needed", "killed", {}, *tp,
           expect={"value": "OFF", "variant": "off", "reason": "DISABLED"})
    for i in range(3):
        ctx = {"key": f"user-{i}"}
        b = ref.draw("ft0", "gate", f"user-{i}")
        s.case(f"CHOICE: fallthrough 0% rejects everyone: off variant, DEFAULT, with its bucket (user-{i})",
               "fallthrough-zero", ctx, expect={**OFF_DEFAULT, "bucket": b})
    s.case("fallthrough 0% without a stickiness value: off variant, DEFAULT, no bucket", "fallthrough-zero", {},
           expect=OFF_DEFAULT)
    s.case("fallthrough 100%: no gate, DEFAULT, no bucket", "fallthrough-100", {"key": "u"},
           expect={"value": True, "variant": "on", "reason": "DEFAULT"})
    s.case("fallthrough 100% without stickiness value: everyone passes", "fallthrough-100", {},
           expect={"value": True, "variant": "on", "reason": "DEFAULT"})
    s.case("plain fallthrough serving the off variant: DEFAULT", "fallthrough-plain-off", {"key": "u"},
           expect=OFF_DEFAULT)
    s.case("plain fallthrough serving on: DEFAULT", "fallthrough-plain-on", {"key": "u"},
           expect={"value": True, "variant": "on", "reason": "DEFAULT"})
    s.case("json type accepts a boolean flag", "fallthrough-plain-on", {"key": "u"}, "json", None,
           expect={"value": True, "variant": "on", "reason": "DEFAULT"})
    return s


# ---------------------------------------------------------------------------------------------
# Suite: percentages (boundary units found by search)
# ---------------------------------------------------------------------------------------------
def percentages_suite():
    specs = [("pct-0", 0, "p0salt", [0, 1, 50000, 99999]),
             ("pct-0-001", 0.001, "p0001salt", [0, 1, 2]),
             ("pct-0-1", 0.1, "p01salt", [0, 99, 100, 101]),
             ("pct-10", 10, "p10salt", [9999, 10000]),
             ("pct-99-999", 99.999, "p99999salt", [0, 99998, 99999]),
             ("pct-100", 100, "p100salt", [0, 99999])]
    flags = [bool_flag(k, fallthrough={"variant": "on", "percentage": p}, salt=salt) for k, p, salt, _ in specs]
    s = Suite("percentages", flags)
    for key, p, salt, targets in specs:
        threshold = ref.milli(p)
        found = find_users(salt, "gate", targets)
        for b in targets:
            u = found[b]
            if p == 100:
                want = {"value": True, "variant": "on", "reason": "DEFAULT"}
            elif b < threshold:
                want = {"value": True, "variant": "on", "reason": "ROLLOUT", "bucket": b}
            else:
                want = {**OFF_DEFAULT, "bucket": b}
            s.case(f"{key}: gate bucket {b} vs threshold {threshold} ({u})", key, {"key": u}, expect=want)
        for i in range(6):
            s.case(f"{key}: user-{i}", key, {"key": f"user-{i}"})
    return s


# ---------------------------------------------------------------------------------------------
# Suite: multivariate, splits, stickiness, UTF-8 keys, re-draw
# ---------------------------------------------------------------------------------------------
def splits_suite():
    mv_string = {"key": "mv-string", "type": "experiment", "salt": "mvs", "enabled": True, "offVariant": "control",
                 "variants": [{"key": "control", "value": "blue"}, {"key": "treat-a", "value": "green"},
                              {"key": "treat-b", "value": "red"}],
                 "rules": [], "fallthrough": {"split": [{"variant": "control", "weight": 34},
                                                        {"variant": "treat-a", "weight": 33},
                                                        {"variant": "treat-b", "weight": 33}]}}
    mv_number = {"key": "mv-number", "type": "experiment", "salt": "mvn", "enabled": True, "offVariant": "zero",
                 "variants": [{"key": "zero", "value": 0}, {"key": "one", "value": 1}, {"key": "half", "value": 2.5},
                              {"key": "ten", "value": 10}],
                 "rules": [], "fallthrough": {"percentage": 50, "split": [{"variant": "one", "weight": 50},
                                                                          {"variant": "half", "weight": 25},
                                                                          {"variant": "ten", "weight": 25}]}}
    mv_json = {"key": "mv-json", "type": "experiment", "salt": "mvj", "enabled": True, "offVariant": "none",
               "variants": [{"key": "none", "value": {}}, {"key": "small", "value": {"size": 1, "tags": ["a"]}},
                            {"key": "medium", "value": {"size": 2, "nested": {"x": None}}},
                            {"key": "large", "value": {"size": 3, "label": "Größe 🦊"}}],
               "rules": [{"id": "vip", "conditions": [{"op": "eq", "attribute": "vip", "value": True}],
                          "serve": {"variant": "large"}}],
               "fallthrough": {"split": [{"variant": "small", "weight": 33.333}, {"variant": "medium", "weight": 33.333},
                                         {"variant": "large", "weight": 33.334}]}}
    zero_w = {**mv_string, "key": "split-zero-weight", "salt": "szw",
              "fallthrough": {"split": [{"variant": "treat-a", "weight": 0}, {"variant": "treat-b", "weight": 100}]}}
    split_rule = {**mv_string, "key": "split-rule", "salt": "srule", "rules": [
        {"id": "pro-split", "conditions": [{"op": "eq", "attribute": "plan", "value": "pro"}],
         "serve": {"split": [{"variant": "treat-a", "weight": 50}, {"variant": "treat-b", "weight": 50}]}},
        {"id": "pro-gated-split", "conditions": [{"op": "eq", "attribute": "plan", "value": "team"}],
         "serve": {"percentage": 20, "split": [{"variant": "treat-a", "weight": 10.5},
                                               {"variant": "treat-b", "weight": 89.5}]}}],
        "fallthrough": {"variant": "control"}}
    sticky_company = bool_flag("sticky-company", fallthrough={"variant": "on", "percentage": 50,
                                                              "stickiness": "companyId"}, salt="stc")
    sticky_default = bool_flag("sticky-default", fallthrough={"variant": "on", "percentage": 50}, salt="std")
    sticky_split = {**mv_string, "key": "sticky-split", "salt": "sts",
                    "fallthrough": {"stickiness": "deviceId", "split": mv_string["fallthrough"]["split"]}}
    utf8_flag = bool_flag("utf8-keys", fallthrough={"variant": "on", "percentage": 50,
                                                    }, salt="utf8salt")
    utf8_split = {**mv_string, "key": "utf8-split", "salt": "utf8split"}
    redraw = {**mv_string, "key": "redraw", "salt": "redraw", "variants": mv_string["variants"],
              "fallthrough": {"percentage": 60, "split": [{"variant": "treat-a", "weight": 50},
                                                          {"variant": "treat-b", "weight": 50}]}}
    flags = [mv_string, mv_number, mv_json, zero_w, split_rule, sticky_company, sticky_default, sticky_split,
             utf8_flag, utf8_split, redraw]
    s = Suite("splits-and-stickiness", flags)
    for i in range(15):
        got = s.case(f"mv-string 34/33/33 split, user-{i}", "mv-string", {"key": f"user-{i}"}, "string", "x",
                     partial={"reason": "ROLLOUT", "no_bucket": 1})
        b = got["splitBucket"]
        assert got["variant"] == ("control" if b < 34000 else "treat-a" if b < 67000 else "treat-b")
    s.case("mv-string without stickiness value: off variant, DEFAULT", "mv-string", {}, "string", "x",
           expect={"value": "blue", "variant": "control", "reason": "DEFAULT"})
    for i in range(15):
        got = s.case(f"mv-number 50% gate + split, user-{i}", "mv-number", {"key": f"user-{i}"}, "number", -1)
        assert "bucket" in got and (("splitBucket" in got) == (got["bucket"] < 50000))
    for i in range(10):
        s.case(f"mv-json 33.333/33.333/33.334 (sums to 100 in thousandths), user-{i}", "mv-json",
               {"key": f"user-{i}"}, "json", None, partial={"reason": "ROLLOUT"})
    s.case("mv-json rule with an object value", "mv-json", {"key": "u", "vip": True}, "json", {"d": 1},
           expect={"value": {"size": 3, "label": "Größe 🦊"}, "variant": "large", "reason": "RULE_MATCH",
                   "ruleId": "vip", "ruleIndex": 0})
    s.case("unknown flag with an object default: FLAG_NOT_FOUND returns the object", "mv-json-missing",
           {"key": "u"}, "json", {"d": 1}, expect=err("FLAG_NOT_FOUND", {"d": 1}))
    for i in range(5):
        s.case(f"weight 0 arm is never served, user-{i}", "split-zero-weight", {"key": f"user-{i}"}, "string", "x",
               partial={"variant": "treat-b", "reason": "ROLLOUT"})
    for i in range(6):
        got = s.case(f"split in a rule: RULE_MATCH with splitBucket, no bucket, user-{i}", "split-rule",
                     {"key": f"user-{i}", "plan": "pro"}, "string", "x",
                     partial={"reason": "RULE_MATCH", "ruleIndex": 0, "no_bucket": 1})
        assert "splitBucket" in got
    for i in range(10):
        got = s.case(f"gated split in a rule (20%, 10.5/89.5), user-{i}", "split-rule",
                     {"key": f"user-{i}", "plan": "team"}, "string", "x")
        assert (got["reason"] == "RULE_MATCH") == (ref.draw("srule", "gate", f"user-{i}") < 20000)
    # Stickiness on a custom attribute.
    for comp in ["acme", "globex", 7, "initech"]:
        r1 = s.case(f"stickiness companyId={comp!r}, user a", "sticky-company", {"key": "a", "companyId": comp})
        r2 = s.case(f"stickiness companyId={comp!r}, user b: same result", "sticky-company",
                    {"key": "b", "companyId": comp})
        assert r1 == r2
    s.case("CHOICE: custom stickiness attribute missing: not let through, no fallback to the key", "sticky-company",
           {"key": "acme"}, expect=OFF_DEFAULT)
    s.case("custom stickiness attribute 1.5: not let through", "sticky-company", {"key": "a", "companyId": 1.5},
           expect=OFF_DEFAULT)
    for i in range(4):
        s.case(f"stickiness on deviceId for a split, device-{i}", "sticky-split",
               {"key": "same-user", "deviceId": f"device-{i}"}, "string", "x")
    # Default stickiness: key, then userId; numbers.
    k1 = s.case("context.key k1", "sticky-default", {"key": "k1"})
    assert s.case("context.key wins over userId", "sticky-default", {"key": "k1", "userId": "zz"}) == k1
    assert s.case("userId used when there is no key", "sticky-default", {"userId": "k1"}) == k1
    assert s.case("CHOICE: key null falls back to userId", "sticky-default", {"key": None, "userId": "k1"}) == k1
    n42 = s.case("userId '42' (string)", "sticky-default", {"userId": "42"})
    assert s.case("userId 42 (safe integer) hashes as '42'", "sticky-default", {"userId": 42}) == n42
    assert s.case("key 42.0 (JSON) is the integer 42", "sticky-default", {"key": 42.0}) == n42
    m7 = s.case("userId '-7' (string)", "sticky-default", {"userId": "-7"})
    assert s.case("userId -7 hashes as '-7'", "sticky-default", {"userId": -7}) == m7
    z = s.case("key '0'", "sticky-default", {"key": "0"})
    assert s.case("CHOICE: key -0 hashes as '0'", "sticky-default", {"key": -0.0}) == z
    big = s.case("key '9007199254740991'", "sticky-default", {"key": "9007199254740991"})
    assert s.case("key 2^53-1 (safe) hashes as '9007199254740991'", "sticky-default",
                  {"key": 9007199254740991}) == big
    s.case("key 2^53 is not a safe integer: not let through", "sticky-default", {"key": 9007199254740992},
           expect=OFF_DEFAULT)
    s.case("userId 1.5: not let through", "sticky-default", {"userId": 1.5}, expect=OFF_DEFAULT)
    s.case("userId true: not let through", "sticky-default", {"userId": True}, expect=OFF_DEFAULT)
    s.case("userId object: not let through", "sticky-default", {"userId": {"id": 1}}, expect=OFF_DEFAULT)
    s.case("userId array: not let through", "sticky-default", {"userId": ["a"]}, expect=OFF_DEFAULT)
    s.case("no key, no userId: not let through", "sticky-default", {"name": "x"}, expect=OFF_DEFAULT)
    s.case("CHOICE: key true present but unusable: no fallback to userId", "sticky-default",
           {"key": True, "userId": "k1"}, expect=OFF_DEFAULT)
    s.case("CHOICE: key 1.5 present but unusable: no fallback to userId", "sticky-default",
           {"key": 1.5, "userId": "k1"}, expect=OFF_DEFAULT)
    s.case("CHOICE: empty string key is a stickiness value", "sticky-default", {"key": ""},
           partial={"bucket": ref.draw("std", "gate", "")})
    # UTF-8 keys.
    for uid in ["José", "Zoë", "Ångström", "用户-1", "ユーザー", "사용자", "🦊fox", "👨‍👩‍👧", "😀", "user-😀-1",
                "naïve", "\u00a0"]:
        got = s.case(f"UTF-8 userId {uid!r}", "utf8-keys", {"userId": uid})
        assert got["bucket"] == ref.draw("utf8salt", "gate", uid)
        s.case(f"UTF-8 key {uid!r} split", "utf8-split", {"key": uid}, "string", "x")
    lone = s.case("lone surrogate key hashes as U+FFFD", "utf8-keys", {"key": "\ud800x"})
    assert s.case("key with U+FFFD: same bucket as the lone surrogate", "utf8-keys", {"key": "\ufffdx"}) == lone
    s.case("lone low surrogate at the end", "utf8-keys", {"key": "x\udc00"})
    # Re-draw units.
    ug = find_redraw_user("redraw", "gate")
    us = find_redraw_user("redraw", "split", accept=lambda u: ref.draw("redraw", "gate", u) < 60000)
    for u, what in [(ug, "gate"), (us, "split")]:
        assert ref.redraws(f"redraw:{what}:{u}") >= 1
        got = s.case(f"{what} draw of {u} needs the re-draw (first hash >= 4294900000)", "redraw", {"key": u},
                     "string", "x")
        assert got.get("bucket") == ref.draw("redraw", "gate", u)
        if what == "split":
            assert "splitBucket" in got, "pick a split re-draw unit that passes the 60% gate"
    return s


# ---------------------------------------------------------------------------------------------
# Suite: errors
# ---------------------------------------------------------------------------------------------
def errors_suite():
    def f(key, **kw):
        base = bool_flag(key, fallthrough={"variant": "on"})
        base.update(kw)
        return base

    sv = [{"key": "x", "value": "X"}, {"key": "y", "value": "Y"}]
    flags = [
        f("ok-bool"),
        {**f("ok-string"), "variants": sv, "offVariant": "x", "fallthrough": {"variant": "y"}},
        {**f("ok-number"), "variants": [{"key": "x", "value": 1}, {"key": "y", "value": 2.5}], "offVariant": "x",
         "fallthrough": {"variant": "y"}},
        {**f("ok-json"), "variants": [{"key": "x", "value": {"a": 1}}, {"key": "y", "value": {"b": [1, 2]}}],
         "offVariant": "x", "fallthrough": {"variant": "y"}},
        {**f("ok-array-values"), "variants": [{"key": "x", "value": [1]}, {"key": "y", "value": []}],
         "offVariant": "x", "fallthrough": {"variant": "y"}},
        f("disabled-bool", enabled=False),
        f("bad-off-variant", offVariant="gone"),
        f("bad-split-99", fallthrough={"split": [{"variant": "on", "weight": 50}, {"variant": "off", "weight": 49}]}),
        f("bad-split-100-001", fallthrough={"split": [{"variant": "on", "weight": 50.001},
                                                      {"variant": "off", "weight": 50}]}),
        f("bad-percentage-101", fallthrough={"variant": "on", "percentage": 101}),
        f("bad-percentage-negative", fallthrough={"variant": "on", "percentage": -1}),
        f("bad-rule-percentage", rules=[{"id": "r", "conditions": [], "serve": {"variant": "on",
                                                                                "percentage": 100.5}}]),
        f("bad-duplicate-variants", variants=[{"key": "on", "value": True}, {"key": "on", "value": False},
                                              {"key": "off", "value": False}]),
        f("bad-mixed-types", variants=[{"key": "on", "value": "yes"}, {"key": "off", "value": 0}]),
        f("bad-mixed-array-object", variants=[{"key": "on", "value": [1]}, {"key": "off", "value": {"a": 1}}]),
        f("bad-rule-variant", rules=[{"id": "r", "conditions": [], "serve": {"variant": "gone"}}]),
        f("bad-split-variant", fallthrough={"split": [{"variant": "on", "weight": 50},
                                                      {"variant": "gone", "weight": 50}]}),
        f("bad-serve-both", fallthrough={"variant": "on", "split": [{"variant": "on", "weight": 100}]}),
        f("bad-serve-neither", fallthrough={"percentage": 50}),
        f("bad-empty-split", fallthrough={"split": []}),
        f("bad-negative-weight", fallthrough={"split": [{"variant": "on", "weight": -10},
                                                        {"variant": "off", "weight": 110}]}),
        f("bad-disabled", enabled=False, offVariant="gone"),
        f("bad-unreached-rule", rules=[{"id": "never", "conditions": [{"op": "eq", "attribute": "x", "value": 1}],
                                        "serve": {"variant": "gone"}}]),
    ]
    s = Suite("errors", flags)
    c = {"key": "u"}
    ON_D = {"value": True, "variant": "on", "reason": "DEFAULT"}
    s.case("boolean flag as boolean", "ok-bool", c, expect=ON_D)
    s.case("boolean flag as string: TYPE_MISMATCH, value = default, no variant", "ok-bool", c, "string", "dflt",
           expect=err("TYPE_MISMATCH", "dflt"))
    s.case("boolean flag as number", "ok-bool", c, "number", 3, expect=err("TYPE_MISMATCH", 3))
    s.case("boolean flag as json: any type accepted", "ok-bool", c, "json", {"x": 1}, expect=ON_D)
    s.case("string flag as string", "ok-string", c, "string", "d", expect={"value": "Y", "variant": "y",
                                                                         "reason": "DEFAULT"})
    s.case("string flag as boolean", "ok-string", c, "boolean", True, expect=err("TYPE_MISMATCH", True))
    s.case("string flag as number", "ok-string", c, "number", 0, expect=err("TYPE_MISMATCH", 0))
    s.case("number flag as number (2.5)", "ok-number", c, "number", 0, expect={"value": 2.5, "variant": "y",
                                                                             "reason": "DEFAULT"})
    s.case("number flag as string", "ok-number", c, "string", "0", expect=err("TYPE_MISMATCH", "0"))
    s.case("number flag as boolean", "ok-number", c, "boolean", False, expect=err("TYPE_MISMATCH"))
    s.case("json object flag as json", "ok-json", c, "json", None, expect={"value": {"b": [1, 2]}, "variant": "y",
                                                                         "reason": "DEFAULT"})
    s.case("json object flag as string", "ok-json", c, "string", "d", expect=err("TYPE_MISMATCH", "d"))
    s.case("json object flag as boolean", "ok-json", c, "boolean", True, expect=err("TYPE_MISMATCH", True))
    s.case("array-valued flag as json (empty array value)", "ok-array-values", c, "json", None,
           expect={"value": [], "variant": "y", "reason": "DEFAULT"})
    s.case("TYPE_MISMATCH is checked before the kill switch", "disabled-bool", c, "string", "d",
           expect=err("TYPE_MISMATCH", "d"))
    s.case("disabled flag with the right type", "disabled-bool", c,
           expect={"value": False, "variant": "off", "reason": "DISABLED"})
    s.case("FLAG_NOT_FOUND", "no-such-flag", c, expect=err("FLAG_NOT_FOUND"))
    s.case("FLAG_NOT_FOUND returns the default", "no-such-flag", c, "string", "fallback",
           expect=err("FLAG_NOT_FOUND", "fallback"))
    s.case("flag keys are case-sensitive", "OK-BOOL", c, expect=err("FLAG_NOT_FOUND"))
    for ctx, what in [(None, "null"), ([], "an array"), ([{"key": "u"}], "an array of objects"),
                      ("user-1", "a string"), (42, "a number"), (True, "a boolean")]:
        s.case(f"INVALID_CONTEXT: context is {what}", "ok-bool", ctx, default=True,
               expect=err("INVALID_CONTEXT", True))
    s.case("INVALID_CONTEXT is checked before FLAG_NOT_FOUND", "no-such-flag", None,
           expect=err("INVALID_CONTEXT"))
    s.case("empty object context is valid", "ok-bool", {}, expect=ON_D)
    malformed = ["bad-off-variant", "bad-split-99", "bad-split-100-001", "bad-percentage-101",
                 "bad-percentage-negative", "bad-rule-percentage", "bad-duplicate-variants", "bad-mixed-types",
                 "bad-mixed-array-object", "bad-rule-variant", "bad-split-variant", "bad-serve-both",
                 "bad-serve-neither", "bad-empty-split", "bad-negative-weight"]
    for k in malformed:
        s.case(f"MALFORMED_FLAG: {k}", k, c, "json", "d", expect=err("MALFORMED_FLAG", "d"))
    s.case("MALFORMED_FLAG is checked before the kill switch", "bad-disabled", c, expect=err("MALFORMED_FLAG"))
    s.case("MALFORMED_FLAG is checked before TYPE_MISMATCH", "bad-off-variant", c, "string", "d",
           expect=err("MALFORMED_FLAG", "d"))
    s.case("MALFORMED_FLAG even when the broken rule would not be reached", "bad-unreached-rule", c,
           expect=err("MALFORMED_FLAG"))
    s.case("mixed-type flag as boolean: MALFORMED_FLAG, not TYPE_MISMATCH", "bad-mixed-types", c,
           expect=err("MALFORMED_FLAG"))
    return s


# ---------------------------------------------------------------------------------------------
DEPTH_DEFINITION = (
    "Prerequisite depth: the flag being evaluated is at depth 0; a prerequisite named by a `flag` condition of "
    "a flag at depth d is at depth d+1. Depths up to 5 are allowed: a flag with a chain of 5 flags below it "
    "(f0 -> f1 -> ... -> f5) evaluates normally; needing a flag at depth 6 (a chain of 6 below) is "
    "PREREQUISITE_TOO_DEEP. Prerequisites are evaluated lazily, in order: conditions of a rule are evaluated in "
    "order and stop at the first that fails, rules stop at the first that applies, a disabled flag evaluates no "
    "rules; so a cycle or excessive depth is an error only when actually reached. When a `flag` condition is "
    "evaluated: (1) its flag is already being evaluated (on the current chain) -> PREREQUISITE_CYCLE; (2) it is "
    "unknown or malformed -> the condition is false (then `negate` inverts it); (3) it would sit at depth 6 -> "
    "PREREQUISITE_TOO_DEEP. Both errors abort the whole evaluation (ERROR, the caller's default, no variant)."
)


def build_evaluation_json():
    suites = conditions_suite() + [segments_suite(), hashed_lists_suite(), prerequisites_suite(), rules_suite(), percentages_suite(),
                                   splits_suite(), errors_suite()]
    total = sum(len(s.cases) for s in suites)
    assert total >= 300, total
    ops = {c["op"] for s in suites for f in s.snap["flags"] for r in f["rules"] for c in r["conditions"]}
    assert ops >= {"eq", "in", "not_in", "contains", "starts_with", "ends_with", "lt", "lte", "gt", "gte",
                   "before", "after", "semver_eq", "semver_lt", "semver_lte", "semver_gt", "semver_gte",
                   "matches", "present", "absent", "segment", "flag", "in_hashed", "not_in_hashed"}, ops
    return {
        "version": 1,
        "description": (
            "Golden evaluation vectors for docs/bucketing-contract.md. For each case evaluate `flag` in the "
            "suite's snapshot for `context` with the expected `type` and `default`; the result must equal "
            "`expect` exactly: the fields listed are present with these values and no other of value, variant, "
            "reason, ruleId, ruleIndex, bucket, splitBucket, errorCode is present (errorMessage is free text and "
            "not compared). ruleIndex is 0-based. " + DEPTH_DEFINITION + " Case names starting or containing "
            "'CHOICE' pin a decision the contract leaves open; scripts/vectors/README.md lists them. Generated by "
            "scripts/vectors/generate.py from an independent Python reference; never by the TypeScript code "
            "under test."
        ),
        "suites": [s.json() for s in suites],
    }


# ---------------------------------------------------------------------------------------------
_LONE = re.compile("[\ud800-\udfff]")


def dump(obj, compact_list_key=None) -> str:
    """JSON text, UTF-8 characters kept readable, lone surrogates written as \\uXXXX escapes."""
    if compact_list_key:
        head = {k: v for k, v in obj.items() if k != compact_list_key}
        text = json.dumps(head, ensure_ascii=False, indent=2)[:-2]
        rows = ",\n".join("    " + json.dumps(c, ensure_ascii=False) for c in obj[compact_list_key])
        text += f',\n  "{compact_list_key}": [\n{rows}\n  ]\n}}\n'
    else:
        text = json.dumps(obj, ensure_ascii=False, indent=1) + "\n"
    return _LONE.sub(lambda m: "\\u%04x" % ord(m.group()), text)


def main():
    check = "--check" in sys.argv
    outputs = {
        "hash.json": dump(build_hash_json(), "cases"),
        "evaluation.json": dump(build_evaluation_json()),
    }
    # Round trip: what a JSON reader sees must give the same answers.
    h = json.loads(outputs["hash.json"])
    for c in h["cases"]:
        assert bytes.fromhex(c["utf8"]) == ref.utf8(c["input"])
        assert ref.murmur3_str(c["input"], c["seed"]) == c["murmur3"] and ref.bucket_of(c["input"]) == c["bucket"]
    e = json.loads(outputs["evaluation.json"])
    n = 0
    for suite in e["suites"]:
        ev = ref.Evaluator(suite["snapshot"])
        for c in suite["cases"]:
            assert ev.evaluate(c["flag"], c["context"], c["type"], c["default"]) == c["expect"], c["name"]
            n += 1
    os.makedirs(OUT, exist_ok=True)
    stale = []
    for name, text in outputs.items():
        path = os.path.join(OUT, name)
        if check:
            with open(path, encoding="utf-8") as fh:
                if fh.read() != text:
                    stale.append(name)
        else:
            with open(path, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
    if stale:
        sys.exit(f"stale vectors: {', '.join(stale)} (run python3 scripts/vectors/generate.py)")
    print(f"hash.json: {len(h['cases'])} cases; evaluation.json: {len(e['suites'])} suites, {n} cases")


if __name__ == "__main__":
    main()
