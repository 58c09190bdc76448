#pragma once
// The allocator's settings for a batch command (partition, check): see Allocator.cpp for why.

namespace gp::app {

// From now until the process ends, freed memory stays with the allocator instead of going back to the kernel.
// Only when the command runs on jemalloc (GP_JEMALLOC, the default build); otherwise nothing changes.
// Returns whether it took effect.
bool keepFreedPages();

}  // namespace gp::app
