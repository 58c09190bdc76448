#include "geo/io/Gdal.hpp"

#include <gdal.h>

#include <mutex>

namespace gp::io {

void registerGdal() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

}  // namespace gp::io
