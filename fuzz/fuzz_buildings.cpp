// libFuzzer target: the building-layer reader (issue 11). The input's first byte picks the format:
//   even: the rest is a GeoPackage;
//   odd:  the rest is a Shapefile triple, three parts each after a 4-byte little-endian length: .shp, .shx, .dbf
//         (a length running past the end takes what is left; fuzz/make-seeds.py writes seeds this way).
// The bytes go to /vsimem/ and through the real loader (gp::io::loadInputs), as `inspect --buildings` would read
// them. An unusable file must end in gp::InputError (exit 2 in the CLI); any other exception is an internal error
// (exit 3), so it aborts and libFuzzer keeps the input.
#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <gdal.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

#include "geo/core/Error.hpp"
#include "geo/io/Loader.hpp"

namespace {

void put(const std::string& path, const uint8_t* data, size_t size) {
  // VSIFileFromMemBuffer does not copy; the copy is owned by /vsimem/ (bTakeOwnership) and freed by VSIUnlink.
  auto* copy = static_cast<GByte*>(CPLMalloc(size ? size : 1));
  if (size) std::memcpy(copy, data, size);
  VSIFCloseL(VSIFileFromMemBuffer(path.c_str(), copy, size, TRUE));
}

size_t takeLength(const uint8_t*& data, size_t& size) {
  if (size < 4) {
    // Too short for a length: the rest is dropped and this part is empty. (Returning the dropped count made the
    // caller copy that many bytes past the input: the fuzzer's first finding, in this harness, not in gridplan.)
    data += size;
    size = 0;
    return 0;
  }
  size_t n = size_t(data[0]) | size_t(data[1]) << 8 | size_t(data[2]) << 16 | size_t(data[3]) << 24;
  data += 4;
  size -= 4;
  return n < size ? n : size;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  GDALAllRegister();
  CPLSetConfigOption("CPL_DEBUG", "OFF");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  bool shapefile = data[0] & 1;
  ++data;
  --size;
  gp::io::LoadOptions opt;
  if (shapefile) {
    const char* exts[] = {".shp", ".shx", ".dbf"};
    for (const char* e : exts) {
      size_t n = takeLength(data, size);
      put(std::string("/vsimem/fuzz/b") + e, data, n);
      data += n;
      size -= n;
    }
    opt.buildings.path = "/vsimem/fuzz/b.shp";
  } else {
    put("/vsimem/fuzz/b.gpkg", data, size);
    opt.buildings.path = "/vsimem/fuzz/b.gpkg";
  }
  try {
    gp::Inputs in = gp::io::loadInputs(opt);
    (void)in;
  } catch (const gp::InputError&) {
    // Refused with a message: what bad input must get.
  } catch (const std::exception& e) {
    std::fprintf(stderr, "internal error (would be exit 3): %s\n", e.what());
    std::abort();
  }
  VSIRmdirRecursive("/vsimem/fuzz");
  return 0;
}
