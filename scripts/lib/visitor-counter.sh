# Helpers for the scripts that drive the visitor counter example. Source after lib/common.sh.
#
# Provides: riffle_visitor_counter_classpath (the example's jars, from its built package).

if [[ -n "${RIFFLE_VISITOR_COUNTER_SH_LOADED:-}" ]]; then
    return 0
fi
RIFFLE_VISITOR_COUNTER_SH_LOADED=1

# riffle_visitor_counter_classpath: unpacks examples/visitor-counter/target/visitor-counter-dist.tar.gz
# (again when it was rebuilt) and prints a classpath of its lib/.
riffle_visitor_counter_classpath() {
    local target="$RIFFLE_REPO/examples/visitor-counter/target"
    local tarball="$target/visitor-counter-dist.tar.gz"
    local dir="$target/visitor-counter-dist"
    [[ -f "$tarball" ]] || riffle_die "the visitor counter is not built. Build it once: mvn -B -q -pl examples/visitor-counter -am package -Dmaven.test.skip=true" 1
    if [[ ! -f "$dir/.unpacked" || "$tarball" -nt "$dir/.unpacked" ]]; then
        rm -rf "$dir"
        mkdir -p "$dir"
        tar xzf "$tarball" -C "$dir"
        touch "$dir/.unpacked"
    fi
    printf '%s\n' "$dir/lib/*"
}
