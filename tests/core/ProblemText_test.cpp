// A problem as a reader sees it: the severity and the key word of its feature in the run's language, codes and
// file names as stored (issue 13).
#include <gtest/gtest.h>

#include "geo/core/I18n.hpp"
#include "geo/core/ProblemText.hpp"

namespace {

using gp::featureLabel;
using gp::i18n::Lang;

struct InLanguage {
  explicit InLanguage(Lang l) { gp::i18n::setLanguage(l); }
  ~InLanguage() { gp::i18n::setLanguage(Lang::En); }
};

TEST(ProblemText, FeatureWordsInChinese) {
  ASSERT_FALSE(gp::i18n::catalogDir().empty());
  InLanguage zh(Lang::Zh);
  EXPECT_EQ(featureLabel("grid 320508019044001"), "网格 320508019044001");
  EXPECT_EQ(featureLabel("plan"), "方案");
  // The loader's problems about a whole input, the partitioner's about a building.
  EXPECT_EQ(featureLabel("communities"), "社区");
  EXPECT_EQ(featureLabel("crs"), "坐标系");
  EXPECT_EQ(featureLabel("buildings:bld_id=B7"), "楼栋 B7");
  EXPECT_EQ(featureLabel("roster"), "名册");
  // Data stays as stored.
  EXPECT_EQ(featureLabel("town.gpkg:buildings:fid=3"), "town.gpkg:buildings:fid=3");
  EXPECT_STREQ(gp::severityLabel(gp::Severity::Info), "提示");
}

TEST(ProblemText, FeatureWordsInEnglishAreTheStoredOnes) {
  InLanguage en(Lang::En);
  EXPECT_EQ(featureLabel("communities"), "communities");
  EXPECT_EQ(featureLabel("crs"), "coordinate system");
  EXPECT_EQ(featureLabel("buildings:bld_id=B7"), "building B7");
  EXPECT_EQ(featureLabel("grid 1"), "grid 1");
}

}  // namespace
