#include "geo/core/Text.hpp"

#include <gtest/gtest.h>

#include <climits>

using namespace gp;

TEST(Text, TrimRemovesSpacesTabsAndLineEndsAtBothEnds) {
  EXPECT_EQ(trim("  12 \t\r\n"), "12");
  EXPECT_EQ(trim("\t 2号楼 "), "2号楼");
  EXPECT_EQ(trim(" \t\r\n"), "");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim("a b"), "a b");
  // The ideographic space U+3000 that Chinese input methods type, at either end but not inside.
  EXPECT_EQ(trim("\xE3\x80\x80网格员\xE3\x80\x80 "), "网格员");
  EXPECT_EQ(trim("张\xE3\x80\x80三"), "张\xE3\x80\x80三");
  EXPECT_EQ(trim("\xE3\x80\x80"), "");
}

TEST(Text, LowerChangesOnlyAsciiLetters) {
  EXPECT_EQ(lower("Roads.SHP"), "roads.shp");
  EXPECT_EQ(lower("道路Road"), "道路road");
  EXPECT_EQ(lower("ÄB"), "Äb");  // bytes of UTF-8 are never touched
}

TEST(Text, ThousandsGroupsDigitsAndKeepsTheSign) {
  EXPECT_EQ(thousands(0), "0");
  EXPECT_EQ(thousands(999), "999");
  EXPECT_EQ(thousands(1000), "1,000");
  EXPECT_EQ(thousands(-1234567), "-1,234,567");
  EXPECT_EQ(thousands(LLONG_MAX), "9,223,372,036,854,775,807");
  // Negating LLONG_MIN overflows a long long: the old copies did exactly that.
  EXPECT_EQ(thousands(LLONG_MIN), "-9,223,372,036,854,775,808");
}

TEST(Text, ShortNumberIsPrintfG) {
  EXPECT_EQ(shortNumber(2.5), "2.5");
  EXPECT_EQ(shortNumber(1e12), "1e+12");
  EXPECT_EQ(shortNumber(3), "3");
}

TEST(Text, InvalidUtf8BytesBecomeReplacementCharacters) {
  std::string ok = "网格 12";
  EXPECT_FALSE(toValidUtf8(ok));
  EXPECT_EQ(ok, "网格 12");
  std::string gbk = "\xCD\xF8\xB8\xF1";  // 网格 in GBK
  EXPECT_TRUE(toValidUtf8(gbk));
  EXPECT_EQ(gbk, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  std::string overlong = "a\xC0\xAF" "b";  // an overlong '/'
  EXPECT_TRUE(toValidUtf8(overlong));
  EXPECT_EQ(overlong, "a\xEF\xBF\xBD\xEF\xBF\xBD" "b");
  std::string surrogate = "\xED\xA0\x80";  // U+D800
  EXPECT_TRUE(toValidUtf8(surrogate));
  std::string cut = "网\xE6\xA0";  // a sequence cut short at the end
  EXPECT_TRUE(toValidUtf8(cut));
  EXPECT_EQ(cut.substr(0, 3), "网");
}
