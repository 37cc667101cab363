"""Reading convbench CSVs for the scripts, as convbench compare and report
read them: UTF-8 (a byte order mark is allowed); bytes that are not UTF-8 (a
layer named in Latin-1) become U+FFFD with a warning instead of an exception;
a row whose field count is not the header's (cut short by a full disk) is
skipped with a warning naming its line. Only the standard library."""
import csv
import io
import sys


def read(paths, prog):
    """The rows of every file in paths, as dicts keyed by the header."""
    rows = []
    for path in paths:
        with open(path, "rb") as f:
            data = f.read()
        text = data.decode("utf-8-sig", errors="replace")
        if text.count("\ufffd") > data.count(b"\xef\xbf\xbd"):
            line = text[:text.index("\ufffd")].count("\n") + 1
            print(f"{prog}: warning: {path}:{line}: bytes that are not UTF-8 (first at this "
                  "line) are shown as \ufffd", file=sys.stderr)
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader, None)
        if not header:
            continue
        start = reader.line_num + 1
        for fields in reader:
            if fields and len(fields) != len(header):
                print(f"{prog}: warning: {path}:{start}: {len(fields)} fields, but the header "
                      f"has {len(header)} columns; row skipped", file=sys.stderr)
            elif fields:
                rows.append(dict(zip(header, fields)))
            start = reader.line_num + 1
    return rows


def timed(r):
    """A row that verified and has a time: an unmeasured one (timer=none, too
    short for any clock convbench trusts) keeps its verdict but has no
    median_ms or gflops."""
    return r["status"] in ("PASS", "UNVERIFIED") and r.get("median_ms", "") != ""
