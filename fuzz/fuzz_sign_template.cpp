// libFuzzer target: the sign template parser (gp::print::loadTemplate) on arbitrary bytes, then the QR content
// expanded as the renderer does. A bad template must end in gp::InputError naming the file and key; any other
// exception aborts. loadTemplate reads a path, so the bytes go to a file of this process in /dev/shm (memory).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>

#include "geo/core/Error.hpp"
#include "geo/print/SignTemplate.hpp"

namespace {

std::string scratchPath() {
  std::filesystem::path dir = std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
  return (dir / ("gridplan-fuzz-template-" + std::to_string(::getpid()) + ".json")).string();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = scratchPath();
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    gp::print::SignTemplate t = gp::print::loadTemplate(path);
    (void)gp::print::expandQr(t.qr_content, "13912345678", "320508019044001", "第1网格", "320508019044");
    (void)t.pageWidthPt();
  } catch (const gp::InputError&) {
  } catch (const std::exception& e) {
    std::fprintf(stderr, "internal error (would be exit 3): %s\n", e.what());
    std::abort();
  }
  return 0;
}
