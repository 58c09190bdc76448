#pragma once
// GDAL's drivers, registered once for the process (issue 12 step 6: one place instead of seven).

namespace gp::io {

// Registers every GDAL/OGR driver the first time it is called; later calls do nothing. Thread-safe.
void registerGdal();

}  // namespace gp::io
