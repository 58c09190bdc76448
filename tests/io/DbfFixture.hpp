// A tiny buildings Shapefile whose field name bytes and code page are set by hand, for the tests of how names in
// unknown or misdeclared code pages are read (tests/io/SourceLayer_test.cpp, Loader_Buildings_test.cpp).
#pragma once
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "geo/core/Inputs.hpp"

namespace gp::test {

// Writes `dir`/b.shp (EPSG:4549): one 20 x 12 m building per entry of `households`, 40 m apart, with fields bld_id
// (B0, B1, …), households and floors (6). The second field's name in the .dbf header is then overwritten with
// `nameBytes` (at most 11 bytes), the header's code page byte set to `ldid` (0 = none, 0x57 = ISO-8859-1), and the
// .cpg holds `cpg` ("" = no .cpg). Returns the .shp's path.
inline std::string shapefileWithFieldName(const std::filesystem::path& dir, const std::string& nameBytes,
                                          const std::vector<int>& households, const std::string& cpg = "",
                                          char ldid = '\0') {
  GDALAllRegister();
  auto path = (dir / "b.shp").string();
  {
    GDALDatasetUniquePtr ds(
        GetGDALDriverManager()->GetDriverByName("ESRI Shapefile")->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    OGRSpatialReference srs;
    srs.importFromEPSG(4549);
    OGRLayer* l = ds->CreateLayer("b", &srs, wkbPolygon, nullptr);
    for (auto [name, type] : {std::pair{"bld_id", OFTString}, {"households", OFTInteger}, {"floors", OFTInteger}}) {
      OGRFieldDefn fd(name, type);
      EXPECT_EQ(l->CreateField(&fd), OGRERR_NONE);
    }
    for (size_t k = 0; k < households.size(); ++k) {
      OGRFeature f(l->GetLayerDefn());
      std::string id = "B";
      id += std::to_string(k);  // not "B" + …: gcc 12 warns falsely (-Wrestrict) where this is inlined
      f.SetField(0, id.c_str());
      f.SetField(1, households[k]);
      f.SetField(2, 6);
      OGRLinearRing ring;
      const double x = 500000.0 + 40.0 * static_cast<double>(k);
      for (auto [px, py] : {std::pair{x, 3450000.0}, {x + 20, 3450000.0}, {x + 20, 3450012.0}, {x, 3450012.0}})
        ring.addPoint(px, py);
      ring.closeRings();
      OGRPolygon poly;
      poly.addRing(&ring);
      f.SetGeometry(&poly);
      EXPECT_EQ(l->CreateFeature(&f), OGRERR_NONE);
    }
  }
  {
    // The field descriptors start at byte 32, 32 bytes each; a name is 11 bytes, NUL-padded.
    std::string name = nameBytes;
    name.resize(11, '\0');
    std::fstream dbf(dir / "b.dbf", std::ios::in | std::ios::out | std::ios::binary);
    dbf.seekp(32 + 32);
    dbf.write(name.data(), 11);
    dbf.seekp(29);
    dbf.put(ldid);
  }
  std::filesystem::remove(dir / "b.cpg");
  if (!cpg.empty()) std::ofstream(dir / "b.cpg") << cpg;
  return path;
}

// The note that a layer was read as GBK (problem kind "encoding"), or "" when there is none.
inline std::string gbkNote(const Inputs& in) {
  for (const auto& p : in.problems.items())
    if (p.kind == "encoding") return p.message;
  return "";
}

}  // namespace gp::test
