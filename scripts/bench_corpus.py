#!/usr/bin/env python3
"""Deterministic benchmark drafts for scripts/bench.sh.

Sentences come from the repository's own text only (examples/, the example
drafts in tests/fixtures/drafts/ and the examples carried by every rule
file), shuffled with a fixed seed into drafts of about SIZE bytes: a title,
paragraphs of two to four sentences, a footer with a report date.

Usage: bench_corpus.py OUT_DIR COUNT [SIZE]
"""
import pathlib
import random
import re
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
HAN = re.compile(r"[\u4e00-\u9fff]")
FOOTER_KEYS = ("报送单位", "联系人", "电话", "报送日期", "签发人", "类别：")


def sentences():
    texts = []
    for d in ("examples", "tests/fixtures/drafts"):
        for p in sorted((ROOT / d).rglob("*")):
            if p.suffix in (".txt", ".md"):
                try:
                    texts.append(p.read_text(encoding="utf-8"))
                except UnicodeDecodeError:
                    pass
    for p in sorted((ROOT / "rules").rglob("*.toml")):
        raw = tomllib.loads(p.read_text(encoding="utf-8"))
        ex = raw.get("examples", {})
        for key in ("bad", "ok"):
            for e in ex.get(key, []):
                texts.append(e if isinstance(e, str) else e.get("text", ""))
        texts.append(raw.get("description", ""))
    out = set()
    for t in texts:
        for line in t.splitlines():
            line = line.strip().lstrip("#>-* ").replace("反例：", "").replace("正例：", "")
            if any(k in line for k in FOOTER_KEYS):
                continue
            for s in re.findall(r"[^。！？]+[。！？]", line):
                s = s.strip()
                if len(HAN.findall(s)) >= 8:
                    out.add(s)
    return sorted(out)


def main():
    out_dir = pathlib.Path(sys.argv[1])
    count = int(sys.argv[2])
    size = int(sys.argv[3]) if len(sys.argv) > 3 else 1700
    pool = sentences()
    rng = random.Random(20261120)
    units = ["县农业农村局", "县水利局", "县应急管理局", "县政府办公室", "县教育局", "县卫生健康委"]
    out_dir.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        first = rng.choice(pool)
        title = re.sub(r"[，。！？；：、]", "", first)[:24]
        paras, body = [], 0
        while body < size - 200:
            p = "".join(rng.choice(pool) for _ in range(rng.randint(2, 4)))
            paras.append(p)
            body += len(p.encode())
        unit = rng.choice(units)
        day = rng.randint(1, 28)
        footer = f"（报送单位：{unit}　联系人：王敏　电话：0394-1234567　报送日期：2026年11月{day}日）"
        text = "\n".join([title, *paras, footer]) + "\n"
        (out_dir / f"draft-{i:05d}.txt").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
