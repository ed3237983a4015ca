#!/usr/bin/env python3
"""Writes a rates dump 100 times larger than the public one, in the same pg_dump format.

    bench/generate_rates_x100.py IN.sql OUT.sql [--seed N]

What changes, and why:
  * Regions are kept as they are, so region-to-region queries walk the same tree.
  * Every port gets 9 siblings under the same parent region (143 ports -> 1,430), so
    region subtrees hold 10x the ports and port-to-region queries have 10x the lanes.
  * Every price row becomes 100 rows on the same day: one per pair of (origin variant,
    destination variant), 10 x 10, the original lane included. The original lane keeps
    the original price, so answers between two original ports are unchanged; the other
    99 vary it by up to +/-5%, from a seeded generator, so the file is reproducible.
  * Everything else (header, schema statements, the trailing DELETE/INSERT statements)
    is copied as is, in place: the importer must see the same kind of file.

Only the standard library; one pass to learn the ports, one to write.
"""

import argparse
import random
import string
import sys

VARIANTS = 10  # per port, the original included: 10 x 10 = 100 rows per price
SPREAD = 0.05  # how far a variant's price may move from the original, either way


def copy_table(line):
    """The table of a 'COPY name (...) FROM stdin;' line, or None."""
    if not line.startswith("COPY ") or not line.rstrip().endswith("FROM stdin;"):
        return None
    return line.split()[1].split(".")[-1].strip('"')


def columns_of(line):
    return [c.strip() for c in line[line.index("(") + 1 : line.index(")")].split(",")]


def read_ports(path):
    """Port rows in file order, as dicts of the COPY columns."""
    ports, table, columns = [], None, None
    with open(path, encoding="utf-8") as dump:
        for line in dump:
            if table is None:
                table = copy_table(line)
                columns = columns_of(line) if table else None
            elif line.rstrip("\n") == "\\.":
                table = None
            elif table == "ports":
                ports.append(dict(zip(columns, line.rstrip("\n").split("\t"))))
    return ports


def sibling_codes(ports, rng):
    """9 new codes per port: same country prefix, never equal to any other code.

    First choice is the first 4 letters plus a digit (CNSGH -> CNSG1..CNSG9), which reads
    well and cannot clash with the all-letter UN/LOCODEs; on a clash (two ports sharing
    4 letters) a seeded random 3-character suffix is drawn until the code is free.
    """
    used = {p["code"] for p in ports}
    variants = {}
    alphabet = string.ascii_uppercase + string.digits
    for port in ports:
        code = port["code"]
        codes = [code]
        for k in range(1, VARIANTS):
            candidate = code[:4] + str(k)
            while candidate in used or len(candidate) != 5:
                candidate = code[:2] + "".join(rng.choice(alphabet) for _ in range(3))
            used.add(candidate)
            codes.append(candidate)
        variants[code] = codes
    return variants


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source")
    parser.add_argument("target")
    parser.add_argument("--seed", type=int, default=20160101)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    ports = read_ports(args.source)
    if not ports:
        sys.exit(f"{args.source}: no COPY ports block found")
    variants = sibling_codes(ports, rng)

    prices_in = prices_out = 0
    table, columns = None, None
    with open(args.source, encoding="utf-8") as dump, open(args.target, "w", encoding="utf-8", newline="\n") as out:
        write = out.write
        for line in dump:
            if table is None:
                write(line)
                table = copy_table(line)
                columns = columns_of(line) if table else None
                if table == "prices":
                    at = [columns.index(c) for c in ("orig_code", "dest_code", "price")]
                continue
            if line.rstrip("\n") == "\\.":
                write(line)
                table = None
                continue
            fields = line.rstrip("\n").split("\t")
            if table == "ports":
                write(line)
                row = dict(zip(columns, fields))
                for k, code in enumerate(variants[row["code"]][1:], start=1):
                    # The name is still in COPY text form, so appending plain text keeps it valid.
                    sibling = dict(row, code=code, name=f"{row['name']} {k}")
                    write("\t".join(sibling[c] for c in columns) + "\n")
            elif table == "prices":
                prices_in += 1
                origin, destination, price = fields[at[0]], fields[at[1]], int(fields[at[2]])
                rows = []
                for i, o in enumerate(variants[origin]):
                    for j, d in enumerate(variants[destination]):
                        fields[at[0]], fields[at[1]] = o, d
                        if i or j:
                            varied = price * (1 + rng.uniform(-SPREAD, SPREAD))
                            fields[at[2]] = str(max(0, round(varied)))
                        else:
                            fields[at[2]] = str(price)
                        rows.append("\t".join(fields))
                write("\n".join(rows) + "\n")
                prices_out += len(rows)
            else:
                write(line)
    print(f"{args.target}: {len(ports)} -> {len(ports) * VARIANTS} ports, "
          f"{prices_in:,} -> {prices_out:,} price rows (seed {args.seed})")


if __name__ == "__main__":
    main()
