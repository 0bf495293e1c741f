#!/usr/bin/env bash
# The dev kit's build tests (run by `make test` in ta-native/devkit, so by the module's build):
# an OP-TEE-layout TA directory builds with and without O=, `make clean` removes the products,
# the two ABIs export their entry points, the .jtee_ta_head section holds exactly the bytes of
# NATIVE-TAS.md §A, a TA's malloc is libutils', the stack protector is on, and bad TAs fail with
# one clear line. Usage: run-tests.sh DEVKIT_DIR PROJECT_TA_OUT_DIR WORK_DIR
set -uo pipefail
unset MAKEFLAGS MFLAGS MAKELEVEL O  # each TA build below gets exactly the variables it names
DK=$(readlink -f "$1"); TAOUT=$(readlink -f "$2"); WORK=$3
HERE=$(dirname "$(readlink -f "$0")"); SRC_TA=$(readlink -f "$HERE/../../ta")
rm -rf "$WORK"; mkdir -p "$WORK"; WORK=$(readlink -f "$WORK")
fails=0; passed=0
pass() { passed=$((passed + 1)); }
fail() { echo "FAIL devkit test: $*" >&2; fails=$((fails + 1)); }

# ---- libutils' format engine and string functions, run as a host program
if gcc -std=gnu11 -nostdinc -isystem "$(gcc -print-file-name=include)" -I"$DK/include" -fno-builtin -Wall \
    -o "$WORK/libutils_test" "$HERE/libutils_test.c" "$DK/lib/libutils.a" 2>"$WORK/libutils.log" \
    && "$WORK/libutils_test" >/dev/null 2>>"$WORK/libutils.log"; then pass; else fail "libutils: $(cat "$WORK/libutils.log")"; fi

# ---- a TA directory builds in place (no O=) and into O=, and `make clean` removes the products
cp -r "$HERE/fixtures/canary" "$WORK/canary"
UUID=ca4a4e00-0000-4000-8000-000000000003
if make -s -C "$WORK/canary" TA_DEV_KIT_DIR="$DK" >"$WORK/inplace.log" 2>&1 && [ -f "$WORK/canary/$UUID.ta" ]; then pass
else fail "in-place build: $(tail -5 "$WORK/inplace.log")"; fi
if make -s -C "$WORK/canary" TA_DEV_KIT_DIR="$DK" O="$WORK/canary-out" >"$WORK/o.log" 2>&1 && [ -f "$WORK/canary-out/$UUID.ta" ] \
    && [ -f "$WORK/canary-out/more/helper.o" ]; then pass
else fail "O= build (sub-directory objects under O): $(tail -5 "$WORK/o.log")"; fi
file "$WORK/canary-out/$UUID.ta" 2>/dev/null | grep -q 'shared object' || readelf -h "$WORK/canary-out/$UUID.ta" | grep -q 'DYN' && pass || fail "the .ta is not a shared object"
make -s -C "$WORK/canary" TA_DEV_KIT_DIR="$DK" clean >/dev/null 2>&1
left=$(cd "$WORK/canary" && find . \( -name '*.o' -o -name '*.d' -o -name '*.ta' -o -name '*.elf' -o -name '*.head*' \) | tr '\n' ' ')
[ -z "$left" ] && pass || fail "make clean left: $left"
make -s -C "$WORK/canary" TA_DEV_KIT_DIR="$DK" O="$WORK/canary-out" clean >/dev/null 2>&1
left=$(find "$WORK/canary-out" -type f | tr '\n' ' ')
[ -z "$left" ] && pass || fail "make O= clean left: $left"
make -s -C "$WORK/canary" TA_DEV_KIT_DIR="$DK" O="$WORK/canary-out" >/dev/null 2>&1
CANARY="$WORK/canary-out/$UUID.ta"

# ---- per-file and per-directory flags: cflags-remove-y took -Os away from the TA's own files
make -C "$WORK/canary" TA_DEV_KIT_DIR="$DK" O="$WORK/canary-v" V=1 >"$WORK/v.log" 2>&1
grep -E 'canary_ta\.c' "$WORK/v.log" | grep -q -- ' -Os' && fail "cflags-remove-y did not remove -Os" || pass

# ---- ABIs: GP 1.1 exports the __GP11_ entry points, GP 1.3 the plain ones
exports() { nm -D --defined-only "$1" | awk '{print $3}' | grep -E 'EntryPoint$' | sort | tr '\n' ' '; }
HELLO="$TAOUT/8aaaf200-2450-11e4-abe2-0002a5d5c51b.ta"
want11="TA_CloseSessionEntryPoint TA_CreateEntryPoint TA_DestroyEntryPoint __GP11_TA_InvokeCommandEntryPoint __GP11_TA_OpenSessionEntryPoint "
want13="TA_CloseSessionEntryPoint TA_CreateEntryPoint TA_DestroyEntryPoint TA_InvokeCommandEntryPoint TA_OpenSessionEntryPoint "
[ "$(exports "$HELLO")" = "$want11" ] && pass || fail "GP 1.1 hello_world exports: $(exports "$HELLO")"
[ "$(exports "$CANARY")" = "$want13" ] && pass || fail "GP 1.3 TA exports: $(exports "$CANARY")"
# hello_world calls no GP function and allocates nothing: it imports only the trace and canary paths
got=$(nm -D --undefined-only "$HELLO" | awk '{print $2}' | sort | tr '\n' ' ')
[ "$got" = "jtee_stack_chk_fail jtee_trace " ] && pass || fail "hello_world imports: $got"
nm -D --undefined-only "$TAOUT/b6c53aba-9669-4668-a7f2-205629d00f86.ta" | grep -q '__GP11_TEE_Malloc$' && pass \
  || fail "GP 1.1 random does not call __GP11_TEE_Malloc"

# ---- the header section: PROGBITS, not allocated, exactly NATIVE-TAS.md §A's bytes
le32() { local v=$1; printf '%02x%02x%02x%02x' $((v & 255)) $(((v >> 8) & 255)) $(((v >> 16) & 255)) $(((v >> 24) & 255)); }
strhex() { printf '%s' "$1" | od -An -tx1 -v | tr -d ' \n'; }
prop() { # type name value-hex
  echo -n "$(le32 "$1")$(le32 ${#2})$(strhex "$2")$(le32 $((${#3} / 2)))$3"; }
section_hex() { objcopy --dump-section .jtee_ta_head="$WORK/sec.bin" "$1" "$WORK/sec.tmp" 2>/dev/null && od -An -tx1 -v "$WORK/sec.bin" | tr -d ' \n'; }
CRASH="$TAOUT/c2a5ba5e-0e57-4a11-9c3d-0b5ab0e1d1e5.ta"
uuid_crash=5ebaa5c2570e114a9c3d0b5ab0e1d1e5   # TEE_UUID struct: timeLow, timeMid, timeHiAndVersion little-endian
desc="jtee's crash TA: panics, bad accesses, overruns, waits, properties"
props="$(prop 4 gpd.ta.description "$(strhex "$desc")")$(prop 4 gpd.ta.version "$(strhex 1.0)")"
props+="$(prop 4 org.jtee.crash.string "$(strhex crash-ta)")$(prop 1 org.jtee.crash.u32 "$(le32 42)")"
props+="$(prop 0 org.jtee.crash.bool "$(le32 1)")$(prop 6 org.jtee.crash.u64 0807060504030201)"
props+="$(prop 2 org.jtee.crash.uuid $uuid_crash)$(prop 3 org.jtee.crash.identity "$(le32 $((0xF0000000)))$uuid_crash")"
props+="$(prop 5 org.jtee.crash.binary 0001020304)"
rest="$uuid_crash$(le32 8)$(le32 2048)$(le32 32768)$(le32 13)$(le32 9)$props"
want="4a54454554410001$(le32 1)$(le32 $((12 + 4 + ${#rest} / 2)))$rest"
got=$(section_hex "$CRASH")
[ "$got" = "$want" ] && pass || fail "crash TA header bytes:
 got  $got
 want $want"
hello_rest="00f2aa8a5024e411abe20002a5d5c51b"   # 8aaaf200-2450-11e4-abe2-0002a5d5c51b as a TEE_UUID struct
hello_rest+="$(le32 0)$(le32 2048)$(le32 32768)$(le32 11)$(le32 2)"
hello_rest+="$(prop 4 gpd.ta.description "$(strhex "jtee's C hello_world TA (optee_examples' UUID and commands)")")$(prop 4 gpd.ta.version "$(strhex 1.0)")"
want="4a54454554410001$(le32 1)$(le32 $((16 + ${#hello_rest} / 2)))$hello_rest"
got=$(section_hex "$HELLO")
[ "$got" = "$want" ] && pass || fail "hello_world header bytes (ABI 11):
 got  $got
 want $want"
sec=$(readelf -SW "$CRASH" | grep ' .jtee_ta_head ')
echo "$sec" | grep -q PROGBITS && ! echo "$sec" | awk '{for (i = 1; i <= NF; i++) if ($i ~ /^[WAXMSILOGTCxoEDylpR]+$/ && $i ~ /A/) f = 1} END {exit !f}' \
  && pass || fail "the header section is not a non-allocated PROGBITS section: $sec"
readelf -lW "$CRASH" | grep -q jtee_ta_head && fail "the header section is mapped into a segment" || pass

# ---- a TA's malloc is libutils' (local), never the host's
nm "$CANARY" | grep -Eq ' t malloc$' && pass || fail "malloc is not defined locally in the TA"
nm -D --undefined-only "$CANARY" | grep -Eq ' (malloc|free|memcpy)$' && fail "the TA imports a libc allocator/string function" || pass
nm -D --undefined-only "$CANARY" | grep -q ' jtee_heap_alloc$' && pass || fail "libutils' malloc does not call jtee_heap_alloc"

# ---- the stack protector is on: the function with a char array checks its canary
nm "$WORK/canary-out/canary_ta.o" | grep -q ' U __stack_chk_fail$' && pass || fail "canary_ta.o does not reference __stack_chk_fail"
nm "$CANARY" | grep -q ' t __stack_chk_fail$' && pass || fail "__stack_chk_fail is not libutils' (local)"

# ---- a bad user_ta_header_defines.h fails with the compiler's line
cp -r "$HERE/fixtures/bad_header" "$WORK/bad_header"
if make -s -C "$WORK/bad_header" TA_DEV_KIT_DIR="$DK" >"$WORK/bad.log" 2>&1; then fail "a bad user_ta_header_defines.h built"
elif grep -q "user_ta_header_defines.h:4:.*KB" "$WORK/bad.log" && grep -q "^0badbad0-0000-4000-8000-000000000001: the TA header .* does not compile" "$WORK/bad.log"; then pass
else fail "a bad header's failure does not name its line: $(cat "$WORK/bad.log")"; fi

# ---- a TA calling a function no TA may use (it would bind to the host's libc) is refused
cp -r "$HERE/fixtures/foreign" "$WORK/foreign"
if make -s -C "$WORK/foreign" TA_DEV_KIT_DIR="$DK" >"$WORK/foreign.log" 2>&1; then fail "a TA importing getpid built"
elif grep -q 'uses functions neither the dev kit nor the GP Internal Core API provide: getpid' "$WORK/foreign.log" \
    && [ ! -f "$WORK/foreign/f0e1f0e1-0000-4000-8000-000000000002.ta" ]; then pass
else fail "foreign symbol: $(cat "$WORK/foreign.log")"; fi

# ---- the C seed TA computes what the Java SeedTa does, in both memory modes (expected responses
# from examples' SeedModel, the Java TA's test oracle), and its 2 KiB-stack failure modes
SEED="$TAOUT/5eed7a00-0c1d-4f3e-9a0b-2e0f7ee0c0df.ta"
if gcc -Wall -o "$WORK/seed_runner" "$HERE/seed_runner.c" -rdynamic -ldl 2>"$WORK/runner.log"; then
  p4096=$(for i in $(seq 0 4095); do printf '%02x' $(((i * 7) & 255)); done)
  z300=$(printf '00%.0s' $(seq 300))
  want_seed="process 0 803f49faf31d56f89337026c8b71fb6c52e6e63e0ad189dc07c6ffe78fc8c61d010000000000000000140000a3cbbfc8
process 0 17bb874a173aa36ef59f05aa3736c3a680d626266cc7898f7b86ff29d65992ab020000000000000000060000d8f35964
process 0 dab8284781154b852c9f4c91616cb723c4dac6cd0120e5e53186618f0cf346f20300000000000000000e0000d2144a76
process 0 1abd5b32ecbd7b02c87130dd20f237a457f134b59390778cd56af0c2b737a3a204000000000000000010000065190285
process 0 77c01c443721825199650adf44ddc7259d589e567e104080c78ec4d4386d12e80500000000000000000800002ed1dc7b
recurse 0 3783067052
recurse 0 0
recurse 0 4186347377"
  for mode in 0 1; do
    got=$("$WORK/seed_runner" "$SEED" open $mode process 68656c6c6f2073656564 process "$z300" process "" process "$p4096" \
      process 616263 2048 recurse 0 recurse 1 recurse 16 stats 2>/dev/null)
    want_stats=$([ $mode = 0 ] && echo "stats 0 5 1 1 0" || echo "stats 0 5 1 0 1")
    [ "$got" = "open 0
$want_seed
$want_stats" ] && pass || fail "seed mode $mode:
$got"
  done
  got=$("$WORK/seed_runner" "$SEED" open 0 overrun 64 overrun 200 2>/dev/null); code=$?
  [ "$code" = 3 ] && [ "$got" = "open 0
overrun 0
stack smashing detected" ] && pass || fail "seed overrun (exit $code): $got"
else fail "seed runner: $(cat "$WORK/runner.log")"; fi

# ---- TA shared libraries (NATIVE-TAS.md §E): SHLIBNAME/SHLIBUUID builds <uuid>.so whose soname is the
# UUID; a TA linking it (LDADD) needs it by UUID and finds it beside itself ($ORIGIN); .init_array and
# .fini_array carry jtee's tags, not the C library's
SHTA="$TAOUT/5b1ba000-0017-4d1a-8b5e-5a4e11b0000a.ta"; SHLIB="$TAOUT/5b1ba000-0017-4d1a-8b5e-5a4e11b0000b.so"
readelf -dW "$SHLIB" 2>/dev/null | grep -q 'Library soname: \[5b1ba000-0017-4d1a-8b5e-5a4e11b0000b\]' && pass \
  || fail "the TA library's soname is not its UUID: $(readelf -dW "$SHLIB" 2>&1 | grep -i soname)"
dyn=$(readelf -dW "$SHTA" 2>&1)
echo "$dyn" | grep -q 'Shared library: \[5b1ba000-0017-4d1a-8b5e-5a4e11b0000b\]' && echo "$dyn" | grep -q 'runpath: \[\$ORIGIN\]' \
  && pass || fail "the shlib TA does not need its library by UUID with RUNPATH \$ORIGIN: $dyn"
echo "$dyn" | grep -qE '\((INIT|FINI)_ARRAY' && fail "the shlib TA keeps DT_INIT_ARRAY/DT_FINI_ARRAY: $dyn" || pass
echo "$dyn" | grep -q '6a7e0019' && echo "$dyn" | grep -q '6a7e001a' && pass || fail "the shlib TA lacks jtee's init/fini tags: $dyn"
# one line for a Makefile that names no product, or two, or a library without its UUID
mkdir -p "$WORK/shlib_bad"; printf 'srcs-y += l.c\n' >"$WORK/shlib_bad/sub.mk"; printf 'int f(void) { return 1; }\n' >"$WORK/shlib_bad/l.c"
for mk in 'SHLIBNAME = libx' 'BINARY = 0badbad0-0000-4000-8000-000000000009
SHLIBNAME = libx'; do
  printf '%s\ninclude $(TA_DEV_KIT_DIR)/mk/ta_dev_kit.mk\n' "$mk" >"$WORK/shlib_bad/Makefile"
  out=$(make -s -C "$WORK/shlib_bad" TA_DEV_KIT_DIR="$DK" 2>&1)
  echo "$out" | grep -qE 'needs SHLIBUUID|exactly one of BINARY' && pass || fail "bad library Makefile '$mk': $out"
done
# a library may use its TA's symbols (unknown at its link) but not the C library's functions
printf 'SHLIBNAME = libx\nSHLIBUUID = 0badbad0-0000-4000-8000-00000000000a\ninclude $(TA_DEV_KIT_DIR)/mk/ta_dev_kit.mk\n' >"$WORK/shlib_bad/Makefile"
printf 'extern int ta_var;\nint getpid(void);\nint f(void) { return ta_var + getpid(); }\n' >"$WORK/shlib_bad/l.c"
out=$(make -s -C "$WORK/shlib_bad" TA_DEV_KIT_DIR="$DK" 2>&1)
echo "$out" | grep -q 'provide: getpid $' && pass || fail "a library importing getpid: $out"
printf 'extern int ta_var;\nint f(void) { return ta_var; }\n' >"$WORK/shlib_bad/l.c"
make -s -C "$WORK/shlib_bad" TA_DEV_KIT_DIR="$DK" >"$WORK/shlib_ok.log" 2>&1 && [ -f "$WORK/shlib_bad/0badbad0-0000-4000-8000-00000000000a.so" ] \
  && pass || fail "a library using its TA's variable: $(cat "$WORK/shlib_ok.log")"
# LIBNAME: a static library; conf.mk's CFG_ variables reach the compiler as OP-TEE's dev kit passes them
make -s -C "$WORK/shlib_bad" TA_DEV_KIT_DIR="$DK" clean >/dev/null 2>&1
printf 'LIBNAME = libx\ninclude $(TA_DEV_KIT_DIR)/mk/ta_dev_kit.mk\n' >"$WORK/shlib_bad/Makefile"
make -C "$WORK/shlib_bad" TA_DEV_KIT_DIR="$DK" V=1 >"$WORK/libname.log" 2>&1 && [ -f "$WORK/shlib_bad/libx.a" ] && pass \
  || fail "LIBNAME: $(cat "$WORK/libname.log")"
grep -q -- '-DCFG_SYSTEM_PTA=1' "$WORK/libname.log" && grep -q -- "-DCFG_TEE_TA_LOG_LEVEL='2'" "$WORK/libname.log" \
  && ! grep -q -- '-DCFG_TA_BTI' "$WORK/libname.log" && pass || fail "conf.mk's CFG_ flags: $(grep -- ' -c ' "$WORK/libname.log")"

# ---- setjmp/longjmp (os_test's test_setjmp): longjmp's 0 arrives as 1, registers survive
if gcc -std=gnu11 -O2 -nostdinc -isystem "$(gcc -print-file-name=include)" -I"$DK/include" -fno-builtin -Wall \
    -o "$WORK/setjmp_test" "$HERE/setjmp_test.c" "$DK/lib/libutils.a" 2>"$WORK/setjmp.log" && "$WORK/setjmp_test" 2>>"$WORK/setjmp.log"; then pass
else fail "setjmp: $(cat "$WORK/setjmp.log")"; fi

# ---- the project's C TAs are all there
for u in 8aaaf200-2450-11e4-abe2-0002a5d5c51b b6c53aba-9669-4668-a7f2-205629d00f86 c2a5ba5e-0e57-4a11-9c3d-0b5ab0e1d1e5 5eed7a00-0c1d-4f3e-9a0b-2e0f7ee0c0df; do
  [ -f "$TAOUT/$u.ta" ] && pass || fail "the project's TA $u.ta was not built"
done

echo "devkit tests: $passed passed, $fails failed"
[ "$fails" -eq 0 ]
