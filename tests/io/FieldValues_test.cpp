#include "geo/io/FieldValues.hpp"

#include <gtest/gtest.h>
#include <ogr_feature.h>

#include <climits>
#include <cmath>
#include <string>
#include <vector>

using namespace gp::io;

TEST(FieldValues, TextCountsAreTrimmedAndClassified) {
  EXPECT_EQ(countFromText("").state, Count::Null);
  EXPECT_EQ(countFromText("   ").state, Count::Null);
  Count twelve = countFromText(" 12 ");
  EXPECT_EQ(twelve.state, Count::Ok);
  EXPECT_EQ(twelve.value, 12);
  EXPECT_EQ(twelve.text, "12");
  EXPECT_EQ(countFromText("3.0").state, Count::Ok);
  EXPECT_EQ(countFromText("2.5").state, Count::Fractional);
  EXPECT_EQ(countFromText("-4").state, Count::Negative);
  EXPECT_EQ(countFromText("twelve").state, Count::NonNumeric);
  EXPECT_EQ(countFromText("12户").state, Count::NonNumeric);
  EXPECT_EQ(countFromText("NaN").state, Count::NonFinite);
  EXPECT_EQ(countFromText("inf").state, Count::NonFinite);
}

TEST(FieldValues, HugeNumbersAreKeptWideNeverWrapped) {
  // Issue 11: 1e12 households once became -727,379,968 and 4,294,967,326 became 30.
  Count c = countFromText("1e12");
  EXPECT_EQ(c.state, Count::Ok);
  EXPECT_EQ(c.value, 1000000000000LL);
  EXPECT_EQ(countFromText("4294967326").value, 4294967326LL);
  EXPECT_EQ(countFromNumber(1e20, "1e20").value, LLONG_MAX);
  EXPECT_EQ(countFromNumber(-1e20, "-1e20").state, Count::Negative);
  EXPECT_EQ(countFromNumber(-1e20, "-1e20").value, LLONG_MIN);
  EXPECT_EQ(countFromNumber(std::nan(""), "nan").state, Count::NonFinite);
}

// Integers are written without GDAL's snprintf: the text must be GDAL's own, for every integer type and subtype.
TEST(FieldValues, IntegerTextIsGdalsText) {
  OGRFeatureDefn* defn = new OGRFeatureDefn("t");
  defn->Reference();
  OGRFieldDefn i32("i", OFTInteger), i64("l", OFTInteger64), flag("b", OFTInteger), real("r", OFTReal),
      text("s", OFTString);
  flag.SetSubType(OFSTBoolean);
  for (OGRFieldDefn* fd : {&i32, &i64, &flag, &real, &text}) defn->AddFieldDefn(fd);
  {
    OGRFeature f(defn);
    for (long long v : {0LL, 7LL, -12LL, static_cast<long long>(INT_MAX), static_cast<long long>(INT_MIN)}) {
      f.SetField(0, static_cast<int>(v));
      f.SetField(1, static_cast<GIntBig>(v) * 1000003);
      f.SetField(2, v != 0 ? 1 : 0);
      f.SetField(3, static_cast<double>(v) / 3.0);
      f.SetField(4, " 12 ");
      for (int k = 0; k < 5; ++k) EXPECT_EQ(fieldString(&f, k), std::string(f.GetFieldAsString(k))) << k << " " << v;
    }
    f.SetField(1, static_cast<GIntBig>(LLONG_MIN));
    EXPECT_EQ(fieldString(&f, 1), std::string(f.GetFieldAsString(1)));
    std::vector<std::string> attrs;
    std::vector<bool> nulls;
    f.SetFieldNull(0);
    readAttributes(&f, attrs, nulls);
    ASSERT_EQ(attrs.size(), 5u);
    EXPECT_TRUE(nulls[0]);
    EXPECT_EQ(attrs[1], std::string(f.GetFieldAsString(1)));
    EXPECT_EQ(fieldText(&f, 4), "12");
  }
  defn->Release();
}
