#include "geo/io/Gdal.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>

#include <thread>
#include <vector>

TEST(Gdal, RegistersTheDriversOnceFromAnyThread) {
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) threads.emplace_back([] { gp::io::registerGdal(); });
  for (auto& t : threads) t.join();
  int n = GetGDALDriverManager()->GetDriverCount();
  EXPECT_NE(GetGDALDriverManager()->GetDriverByName("GPKG"), nullptr);
  EXPECT_NE(GetGDALDriverManager()->GetDriverByName("ESRI Shapefile"), nullptr);
  gp::io::registerGdal();
  EXPECT_EQ(GetGDALDriverManager()->GetDriverCount(), n);  // nothing registered twice
}
