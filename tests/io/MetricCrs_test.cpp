#include "geo/io/MetricCrs.hpp"

#include <gtest/gtest.h>

#include "geo/core/Error.hpp"

using namespace gp::io;

TEST(MetricCrs, UtmZones) {
  EXPECT_EQ(utmEpsg(121.5, 31.2), 32651);   // Shanghai
  EXPECT_EQ(utmEpsg(24.9, 60.2), 32635);    // Helsinki
  EXPECT_EQ(utmEpsg(-16.3, 28.2), 32628);   // Tenerife
  EXPECT_EQ(utmEpsg(151.2, -33.9), 32756);  // Sydney
}

TEST(MetricCrs, Cgcs2000GaussKrugerZonesWithoutPrefix) {
  EXPECT_EQ(cgcs2000GkEpsg(120.0), 4549);
  EXPECT_EQ(cgcs2000GkEpsg(121.4), 4549);  // CM 120 covers 118.5–121.5
  EXPECT_EQ(cgcs2000GkEpsg(121.6), 4550);
  EXPECT_EQ(cgcs2000GkEpsg(116.4), 4548);  // Beijing, CM 117
  EXPECT_EQ(cgcs2000GkEpsg(75.0), 4534);
  EXPECT_EQ(cgcs2000GkEpsg(135.0), 4554);
  EXPECT_EQ(cgcs2000GkEpsg(10.0), 0);
}

TEST(MetricCrs, ChoosesGkForCgcs2000AndUtmForWgs84) {
  OGRSpatialReference cgcs;
  cgcs.importFromEPSG(4490);
  auto c = chooseMetricCrs(&cgcs, 121.49, 31.2);
  EXPECT_EQ(c.epsg, 4549);
  OGRSpatialReference wgs;
  wgs.importFromEPSG(4326);
  EXPECT_EQ(chooseMetricCrs(&wgs, 121.5, 31.2).epsg, 32651);
  OGRSpatialReference merc;
  merc.importFromEPSG(3857);  // metres, but areas inflated: not kept
  EXPECT_EQ(chooseMetricCrs(&merc, 121.5, 31.2).epsg, 32651);
  OGRSpatialReference utm;
  utm.importFromEPSG(32636);
  auto k = chooseMetricCrs(&utm, 30.2, 59.9);
  EXPECT_EQ(k.epsg, 32636);
  EXPECT_NE(k.why.find("buildings' own"), std::string::npos);
}

TEST(MetricCrs, ParseRejectsGeographicAndGarbage) {
  EXPECT_NO_THROW(parseMetricCrs("EPSG:4549"));
  EXPECT_THROW(parseMetricCrs("EPSG:4326"), gp::InputError);
  try {
    parseMetricCrs("EPSG:banana");
    FAIL();
  } catch (const gp::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("EPSG:banana"), std::string::npos);
  }
}
