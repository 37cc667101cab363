#!/bin/sh
# convbench import and export-config:
# - golden files written by hand from each format's documentation: benchdnn
#   descriptors with every defaulted field (and a nested --batch file), an
#   MIOpen log with its prefixes and duplicates, an ONNX model with every Conv
#   attribute (built here with onnx.helper);
# - --count-duplicates;
# - bad input: exit 2, the file and line (or node) named, nothing written;
# - --sweep on each format directly, and a real verified run of the ONNX one;
# - round trips: import(export-config(config)) has the problems of config, for
#   benchdnn and MIOpen, on the shipped configs.
# usage: test_import.sh CONVBENCH SOURCE_DIR WORKDIR
set -u
bin=$1
src=$2
work=$3
data=$src/tests/data/import
py=${CONVBENCH_PYTHON:-/usr/bin/python3}
rm -rf "$work"
mkdir -p "$work"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
cp "$data"/benchdnn_defaults.txt "$data"/benchdnn_nested.txt "$data"/miopen_log.txt "$work/"
cd "$work" || exit 1

# Golden files: the output must be exactly what the documentation gives.
golden() { # NAME ARGS...: the import of ARGS must equal $data/NAME.ini
    name=$1
    shift
    if ! "$bin" import "$@" > "$name.out" 2> "$name.err"; then
        fail "import $* exited $?: $(cat "$name.err")"
    elif ! diff -u "$data/$name.ini" "$name.out"; then
        fail "import $*: differs from the golden file $data/$name.ini (above)"
    fi
}
golden benchdnn_defaults benchdnn_defaults.txt
golden miopen_log miopen_log.txt
"$bin" import miopen_log.txt --count-duplicates > dup.ini
counts=$(grep '^count' dup.ini | tr -d ' ' | tr '\n' ' ')
[ "$counts" = "count=3 count=1 count=1 count=1 count=1 " ] ||
    fail "--count-duplicates: counts '$counts', expected 3 for the repeated command and 1 for the rest"
grep -q '^; 2 repeated MIOpenDriver commands collapsed.*--count-duplicates kept their number' dup.ini ||
    fail "--count-duplicates: the header does not say the duplicates were counted"

# --batch sets every section's batch (a list stays a list); the work is then
# that of 4 + 8 images per section: 12 x the golden file's FLOP per image
# (1,828,096, its sections' FLOP divided by their own mb).
"$bin" import benchdnn_defaults.txt --batch 4,8 > batch.ini || fail "import --batch 4,8 exited $?"
[ "$(grep -c '^batch = ' batch.ini)" -eq 12 ] && [ "$(grep -c '^batch = 4,8$' batch.ini)" -eq 12 ] ||
    fail "import --batch 4,8: not every section has batch = 4,8"
grep -q '^; Work: 21937152 FLOP' batch.ini || fail "import --batch 4,8: $(grep '^; Work' batch.ini)"

if ! "$py" "$src/tests/import/onnx_models.py" every-attribute every_attribute.onnx > ea.flops; then
    fail "could not build the every-attribute ONNX model (python3-onnx missing? scripts/install-deps.sh installs it)"
else
    golden every_attribute every_attribute.onnx --batch 2
    grep -q "^; Work: $(cat ea.flops) FLOP" every_attribute.out ||
        fail "every-attribute model: FLOP total is not the $(cat ea.flops) counted from its attributes"
    # The ONNX model runs on the default device, every case verified.
    if ! "$bin" --sweep every_attribute.onnx --batch 2 --algo direct,im2col --no-peak \
        --csv ea.csv > ea_run.out 2>&1; then
        fail "--sweep every_attribute.onnx: exit $?: $(tail -5 ea_run.out)"
    fi
    grep -Eq "summary: 26 PASS, 0 UNVERIFIED, 0 FAIL, 0 SKIPPED, 0 ERROR" ea_run.out ||
        fail "--sweep every_attribute.onnx: expected 26 PASS: $(grep summary: ea_run.out)"
    grep -q "imported 13 distinct convolutions" ea_run.out ||
        fail "--sweep every_attribute.onnx: no line saying what was imported"
fi

# One of benchdnn's published shape files: its convolutions and FLOP, counted
# here from the file's own fields (2 mb oc ic kh kw oh ow, times n"*N").
ssd=$data/benchdnn/shapes_ssd_resnet34_inference
want=$(sed -n 's/_//g; /^mb/p' "$ssd" | awk '{
    rep = 1; if (match($0, /\*[0-9]+/)) rep = substr($0, RSTART + 1, RLENGTH - 1)
    split("mb oc ic kh kw oh ow", f, " "); prod = 2 * rep
    for (i = 1; i <= 7; i++) { match($0, f[i] "[0-9]+"); prod *= substr($0, RSTART + length(f[i]), RLENGTH - length(f[i])) }
    n += rep; t += prod } END { printf "%d %.0f", n, t }')
"$bin" import "$ssd" > ssd.ini || fail "import of $ssd exited $?"
got=$(sed -n 's/^; \([0-9]*\) convolutions read.*/\1/p; s/^; Work: \([0-9]*\) FLOP.*/\1/p' ssd.ini | tr '\n' ' ')
[ "$got" = "$want " ] || fail "SSD-ResNet34 shapes: import says '$got', the file's own fields give '$want'"

# --sweep takes each format as it is.
for f in benchdnn_defaults.txt miopen_log.txt; do
    "$bin" --sweep "$f" --dry-run > "$f.dry" 2>&1 || fail "--sweep $f --dry-run exited $?"
done
grep -q "^12 cases, 16 convolutions counting repeats" benchdnn_defaults.txt.dry ||
    fail "--sweep benchdnn file: $(tail -1 benchdnn_defaults.txt.dry)"
grep -q "^7 cases, 7 convolutions counting repeats, 8.842 GFLOP" miopen_log.txt.dry ||
    fail "--sweep MIOpen log: $(tail -1 miopen_log.txt.dry)"

# Bad input: exit 2, the place named, nothing written.
bad() { # NAME EXPECTED_REGEX FILE [ARGS]
    name=$1 want=$2
    shift 2
    rm -f "$name.ini"
    "$bin" import "$@" --out "$name.ini" > /dev/null 2> "$name.err"
    rc=$?
    [ "$rc" -eq 2 ] || fail "$name: exit $rc, expected 2"
    grep -Eq -- "$want" "$name.err" || fail "$name: stderr lacks /$want/: $(cat "$name.err")"
    [ ! -e "$name.ini" ] || fail "$name: $name.ini was written despite the error"
}
printf '# ok\nmb2ic3ih5oc3kh3\nmb2ic3ih5oc3kh3zz2\n' > unknown_field.txt
bad unknown_field 'unknown_field.txt:3: .*unknown field at .zz2' unknown_field.txt
printf 'mb2ic3ih-5oc3kh3\n' > negative.txt
bad negative 'negative.txt:1: .*cannot be signed' negative.txt
printf 'mb2ic3oc3kh3\n' > no_ih.txt
bad missing_ih 'no_ih.txt:1: .*ih and kh are required' no_ih.txt
printf 'mb2ic3ih5oc3kh3n"unterminated\n' > quote.txt
bad unterminated_quote 'quote.txt:1: an unterminated quote' quote.txt
printf 'mb2ic3ih5oc3kh3\n--dir=SIDEWAYS\n' > dir.txt
bad unknown_direction 'dir.txt:2: --dir=SIDEWAYS: unknown direction' dir.txt
printf 'MIOpenDriver conv -n 8 -Q 3\n' > flag.log
bad miopen_unknown_flag "flag.log:1: '-Q': unknown MIOpenDriver flag" flag.log
printf 'MIOpenDriver conv -n -8\n' > neg.log
bad miopen_negative 'neg.log:1: -n -8: expected a size >= 1' neg.log
printf 'MIOpenDriver conv -n 8 -c 6 -k 4 -g 4\n' > groups.log
bad miopen_bad_groups 'groups.log:1: .*groups' groups.log
printf 'this is no protobuf\n' > text.onnx
bad not_onnx 'text.onnx: not an ONNX model' text.onnx
printf 'mb2ic3ih5oc3kh3n"t"\n' > transposed.txt
printf -- '--deconv\nmb2ic3ih5oc3kh3n"t"\n' > only_deconv.txt
bad nothing_importable 'no convolution to import: every one was skipped .only_deconv.txt:2: t: transposed convolution' only_deconv.txt
if [ -e every_attribute.onnx ]; then
    bad symbolic_batch 'every_attribute.onnx: node plain: the batch dimension is symbolic .*give --batch' \
        every_attribute.onnx
    "$py" - <<'EOF' || fail "could not build the model without Conv"
import onnx
from onnx import helper, TensorProto
x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, 3, 3])
y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 2, 3, 3])
onnx.save(helper.make_model(helper.make_graph([helper.make_node("Relu", ["x"], ["y"], name="r")],
                                              "no_conv", [x], [y])), "no_conv.onnx")
EOF
    bad no_conv 'no_conv.onnx: no Conv node among its 1 nodes' no_conv.onnx
fi
[ "$("$bin" import configs_do_not_exist.txt 2>&1 >/dev/null)" ] || fail "a missing file said nothing"

# Round trips: import(export-config(config)) holds the problems of config.
# Compared on the dry run's rows without the layer name (MIOpen commands carry
# none), counts summed per problem (both formats merge repeats of one problem).
problems() { # FILE: "shape count" per distinct problem, sorted
    "$bin" --sweep "$1" --dry-run 2>/dev/null |
        awk 'NF > 5 && $1 != "layer" && $0 !~ /^[0-9]+ cases/ {
                 s = ""; for (i = 2; i <= NF - 4; i++) s = s " " $i; n[s] += $(NF - 3) }
             END { for (s in n) print s, n[s] }' | sort
}
for cfg in smoke resnet mobilenet_v2 deepbench_train; do
    problems "$src/configs/$cfg.ini" > "$cfg.want"
    [ -s "$cfg.want" ] || fail "round trip $cfg: no problems listed"
    for to in benchdnn miopen; do
        "$bin" export-config --to "$to" "$src/configs/$cfg.ini" --out "$cfg.$to" ||
            fail "export-config --to $to $cfg.ini exited $?"
        "$bin" import --count-duplicates "$cfg.$to" --out "$cfg.$to.ini" 2>/dev/null ||
            fail "import of the $to export of $cfg.ini exited $?"
        problems "$cfg.$to.ini" > "$cfg.$to.got"
        diff "$cfg.want" "$cfg.$to.got" > /dev/null ||
            fail "round trip $cfg.ini -> $to -> import differs: $(diff "$cfg.want" "$cfg.$to.got" | head -5)"
    done
done
grep -q '^--reset --dir=FWD_D --dt=f32' resnet.benchdnn || fail "benchdnn export lacks its option line"
grep -q '^MIOpenDriver conv -n 8 -c 3 -H 224 -W 224 -k 64 -y 7 -x 7 -p 3 -q 3 -u 2 -v 2 ' resnet.miopen ||
    fail "MIOpen export of conv1 at batch 8 not as expected"

if [ "$fails" -ne 0 ]; then
    echo "test_import: $fails failure(s)"
    exit 1
fi
echo "test_import: all checks passed"
