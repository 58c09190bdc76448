#include "geo/io/FieldNames.hpp"

#include <gtest/gtest.h>

using namespace gp::io;

TEST(FieldNames, EditDistanceCountsCharactersNotBytes) {
  EXPECT_EQ(editDistance("households", "housholds"), 1u);
  EXPECT_EQ(editDistance("户数", "户 数"), 1u);  // one inserted space, though 户 is 3 bytes
  EXPECT_EQ(editDistance("", "abc"), 3u);
  EXPECT_EQ(editDistance("Floors", "floors"), 0u);  // case-insensitive for ASCII
}

TEST(FieldNames, ClosestNameSuggestsTheNearest) {
  std::vector<std::string> names = {"osm_id", "楼号", "层数", "户数"};
  EXPECT_EQ(closestName("户 数", names), "户数");
  EXPECT_EQ(closestName("osmid", names), "osm_id");
  EXPECT_EQ(closestName("x", {}), "");
}

TEST(FieldNames, FindPrefersExactThenCaseInsensitive) {
  std::vector<std::string> names = {"Households", "households", "floors"};
  EXPECT_EQ(findName(names, "households"), 1u);
  EXPECT_EQ(findName(names, "FLOORS"), 2u);
  EXPECT_FALSE(findName(names, "entrances").has_value());
  EXPECT_EQ(findAny(names, {"层数", "floors"}), 2u);
}

TEST(FieldNames, Utf8Check) {
  EXPECT_TRUE(isUtf8("户数"));
  EXPECT_FALSE(isUtf8("\xbb\xa7\xca\xfd"));  // 户数 in GBK
}

TEST(FieldNames, EscapeShowsOnlyTheBytesThatAreNotUtf8) {
  EXPECT_EQ(escapeUtf8("户数"), "户数");
  EXPECT_EQ(escapeUtf8("\xFF\xFF"), "\\xFF\\xFF");
  EXPECT_EQ(escapeUtf8("hh\x80\xFF"), "hh\\x80\\xFF");
  EXPECT_EQ(escapeUtf8("\xBB\xA7\xCA\xFD"), "\\xBB\\xA7\\xCA\\xFD");  // 户数 in GBK
  EXPECT_EQ(escapeUtf8("\xC0\xAF"), "\\xC0\\xAF");                  // an overlong '/'
  EXPECT_EQ(escapeUtf8("a\xE6\xA5"), "a\\xE6\\xA5");                // cut mid-character
}
