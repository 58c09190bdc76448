// jemalloc's start-up options, read by jemalloc (Debian's libjemalloc2, linked when GP_JEMALLOC is on) from this
// symbol before the first allocation; without jemalloc the symbol is unused.
//
// Decay off: by default jemalloc hands freed pages back to the kernel after ten seconds or less (madvise), and the
// planner's threads, which free and make millions of small geometries stage after stage, then fault the same
// pages back in, zeroed. Keeping them takes 4-5 % off a 1M-household partition's wall time for 4 % more peak
// memory (bench/RESULTS.md, issue 15 goal 1); the memory goes back to the system when the command ends.
extern "C" {
extern const char* malloc_conf;
const char* malloc_conf = "dirty_decay_ms:-1,muzzy_decay_ms:-1";
}
