#include "geo/io/FieldValues.hpp"

#include <gtest/gtest.h>

#include <climits>
#include <cmath>

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
