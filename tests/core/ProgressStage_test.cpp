// The words of the loader's and the partitioner's stage keys, in the reader's language, worded when asked so a
// switch of language applies to a stage already reported (the studio's re-partition dialog).
#include <gtest/gtest.h>

#include "geo/core/I18n.hpp"
#include "geo/core/ProgressStage.hpp"

namespace {

using gp::i18n::Lang;

TEST(ProgressStage, KeysAreWordedInTheCurrentLanguage) {
  ASSERT_FALSE(gp::i18n::catalogDir().empty());
  gp::i18n::setLanguage(Lang::En);
  EXPECT_EQ(gp::progressStage("buildings"), "reading buildings");
  EXPECT_EQ(gp::progressStage("tessellate"), "cells drawn");
  gp::i18n::setLanguage(Lang::Zh);
  EXPECT_EQ(gp::progressStage("buildings"), "读取楼栋");
  EXPECT_EQ(gp::progressStage("tessellate"), "地块已划分");
  EXPECT_EQ(gp::progressStage("polygons"), "边界已生成");
  gp::i18n::setLanguage(Lang::En);
  EXPECT_EQ(gp::progressStage("household points"), "reading household points");
}

TEST(ProgressStage, AnUnknownKeyIsShownAsItIs) {
  gp::i18n::setLanguage(Lang::En);
  EXPECT_EQ(gp::progressStage(""), "");
  EXPECT_EQ(gp::progressStage("a stage of tomorrow"), "a stage of tomorrow");
}

}  // namespace
