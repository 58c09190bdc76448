#include "geo/synth/Names.hpp"

#include <cstdio>

namespace gp::synth {

namespace {

// Two-character place words in the style of Suzhou neighbourhoods.
const std::vector<std::string> kPrefixes = {
    "桂花", "平江", "沧浪", "双塔", "葑门", "彩香", "三元", "新康", "虎丘", "金阊", "留园", "西园", "苏锦",
    "梅巷", "江枫", "石路", "盘溪", "友联", "杨枝", "南门", "觅渡", "娄门", "东港", "北园", "城北", "桐泾",
    "新市", "来凤", "吴门", "胥江", "枫桥", "狮山", "何山", "玉山", "横塘", "长桥", "越溪", "石湖", "金湖",
    "翠竹", "锦绣", "碧水", "阳光", "幸福", "和平", "星海", "春江", "滨河", "东湖", "华山", "白塔", "府前",
    "道前", "醋库", "侍其", "十全", "竹辉", "养蚕", "莲花", "荷花", "梅花", "兰亭", "清风", "明月", "丽景",
    "新庄", "金桥", "银杏", "香樟", "紫薇", "海棠", "芙蓉", "玉兰", "百合", "丁香", "青枫", "绿杨", "红枫",
    "湖西", "湖东", "通园", "齐门", "广济", "长江", "黄河", "珠江", "嵩山", "泰山", "庐山", "峨眉", "天平",
    "灵岩", "穹窿", "上方", "宝带", "澹台", "南园", "北塔", "东吴", "吴中", "姑苏", "阊门", "盘门", "相门",
    "平门", "金门", "山塘", "斜塘", "娄葑", "唯亭", "跨塘", "胜浦", "车坊", "甪直", "木渎", "光福", "东渚",
    "通安", "浒关", "望亭", "黄埭", "渭塘", "北桥", "陆慕", "元和", "蠡口", "太平", "湘城", "阳澄", "沺泾",
    "泗港", "联丰", "景城", "新城", "康阳", "钟南", "东环", "西环", "南环", "永林", "水香", "尹山", "郭巷"};

const std::vector<std::string> kRoadPrefixes = {
    "人民", "干将", "东环", "西环", "南环", "北环", "星湖", "现代", "苏州", "竹辉", "十全", "凤凰", "临顿",
    "平江", "宝带", "南园", "景德", "道前", "三香", "劳动", "长江", "珠江", "运河", "友新", "吴中", "东吴",
    "石湖", "狮山", "玉山", "何山", "滨河", "金山", "塔园", "马涧", "通园", "齐门", "广济", "桐泾", "金鸡湖",
    "星港", "旺墩", "钟园", "苏虹", "金浦", "华池", "独墅", "仁爱", "林泉", "松涛", "东方", "中新", "娄江",
    "汾湖", "越湖", "宝带", "溪霞", "文昌", "澄湖", "葑亭", "唯新", "淞江", "青剑", "斜塘", "沈浒", "娄葑",
    "双湖", "翠薇", "迎春", "东振", "北溪", "雅戈", "浏河", "洪庄", "莲池", "泾园", "杨东", "车坊", "甪端",
    "星华", "星明", "星汉", "星塘", "方洲", "扬东", "扬清", "扬华", "苏桐", "金尚", "湖畔", "晨曦", "朝阳"};

const std::vector<std::string> kWalkupSuffix = {"新村", "小区", "公寓", "新村", "北村", "南村", "里"};
const std::vector<std::string> kTowerSuffix = {"花园", "华庭", "名苑", "嘉园", "公馆", "家园", "雅苑", "佳苑",
                                               "府", "首府", "尚城", "湾"};
const std::vector<std::string> kVillaSuffix = {"山庄", "别墅", "庄园", "墅院"};
const std::vector<std::string> kRepeats = {"二期", "三期", "四期", "五期", "东区", "西区", "南区", "北区"};
const std::vector<std::string> kSchoolKind = {"实验小学", "小学", "中学", "实验中学", "幼儿园", "第一中学"};
const std::vector<std::string> kHospitalKind = {"人民医院", "中医医院", "社区卫生服务中心", "妇幼保健院"};
const std::vector<std::string> kOfficeKind = {"大厦", "科技园", "商务中心", "国际广场", "创业园"};
const std::vector<std::string> kRiverNames = {"胥江", "外城河", "娄江", "山塘河", "青旸江", "斜塘河"};
const std::vector<std::string> kShedSuffix = {"车库", "仓储", "旧村", "农具房", "堆场"};
const std::vector<std::string> kLakeSuffix = {"湖", "荡", "漾", "湖"};
const std::vector<std::string> kPondSuffix = {"池", "塘", "潭"};
const std::vector<std::string> kRailways = {"京沪铁路", "沪宁城际铁路", "通苏嘉甬铁路", "苏锡常城际铁路"};

const std::vector<std::string> kSurnames = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高",
    "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁",
    "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔",
    "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏", "顾", "钱", "严", "戴", "孔", "汤"};
const std::vector<std::string> kGiven = {
    "伟", "芳", "娜", "秀", "英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "兰", "霞", "平", "刚", "桂", "华", "建", "国", "文", "红", "玲", "萍", "志", "斌", "宇", "浩", "凯",
    "晨", "欣", "怡", "佳", "琳", "雪", "梅", "婷", "倩", "鹏", "飞", "俊", "峰", "辉", "亮", "健", "林", "云"};

// Chinese numerals 2.. for suffixes beyond the fixed lists.
std::string numeral(size_t n) {
  static const char* d[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (n < 10) return d[n];
  if (n < 20) return std::string("十") + (n % 10 ? d[n % 10] : "");
  if (n < 100) return std::string(d[n / 10]) + "十" + (n % 10 ? d[n % 10] : "");
  return std::to_string(n);
}

}  // namespace

Namer::Namer(Rng& rng) : rng_(rng), prefixes_(kPrefixes), road_prefixes_(kRoadPrefixes) {
  rng_.shuffle(prefixes_);
  rng_.shuffle(road_prefixes_);
}

std::string Namer::prefix() {
  // Walks a shuffled list so neighbouring communities rarely share a prefix; wraps for big towns.
  const std::string& p = prefixes_[next_prefix_ % prefixes_.size()];
  ++next_prefix_;
  return p;
}

std::string Namer::unique(std::string base, const std::vector<std::string>& repeats) {
  if (used_.insert(base).second) return base;
  for (const auto& r : repeats) {
    std::string s = base + r;
    if (used_.insert(s).second) return s;
  }
  for (size_t n = 2;; ++n) {
    std::string s = base + "第" + numeral(n) + "区";
    if (used_.insert(s).second) return s;
  }
}

std::string Namer::community() {
  static const std::vector<std::string> rep = {"新村", "东", "西", "南", "北", "新城", "花园", "中"};
  std::string p = prefix();
  // Insert the repeat marker before "社区" so names read naturally (桂花东社区, not 桂花社区东).
  if (used_.insert(p + "社区").second) return p + "社区";
  for (const auto& r : rep)
    if (used_.insert(p + r + "社区").second) return p + r + "社区";
  for (size_t n = 2;; ++n) {
    std::string s = p + numeral(n) + "社区";
    if (used_.insert(s).second) return s;
  }
}

// Note: every draw is its own statement, because the order in which the operands of `a + b` (or the
// arguments of a call) are evaluated is unspecified, and two draws in one expression could swap between
// compilers and change the town.
std::string Namer::pair(const std::vector<std::string>& suffixes) {
  std::string s = rng_.pick(prefixes_);
  s += rng_.pick(suffixes);
  return s;
}

std::string Namer::street() { return unique(rng_.pick(prefixes_) + "街道", kRepeats); }

std::string Namer::compound(const std::string& style) {
  const auto& suffixes = style == "villa"    ? kVillaSuffix
                         : style == "walkup" ? kWalkupSuffix
                         : style == "sheds"  ? kShedSuffix
                                             : kTowerSuffix;
  return unique(pair(suffixes), kRepeats);
}

std::string Namer::school() { return unique(pair(kSchoolKind), kRepeats); }
std::string Namer::hospital() { return unique(pair(kHospitalKind), kRepeats); }
std::string Namer::office() { return unique(pair(kOfficeKind), kRepeats); }

std::string Namer::mainRoad() {
  static const std::vector<std::string> suffix = {"路", "街", "大道", "路", "街"};
  size_t k = next_road_++;
  size_t np = road_prefixes_.size();
  std::string base = road_prefixes_[k % np] + suffix[(k / np) % suffix.size()];
  return unique(base, {"东段", "西段", "南段", "北段", "中段"});
}

std::string Namer::secondaryRoad() {
  static const std::vector<std::string> suffix = {"巷", "弄", "支路", "里"};
  return unique(pair(suffix), {"东", "西", "南", "北", "一", "二", "三"});
}

std::string Namer::river() { return rng_.pick(kRiverNames); }

std::string Namer::water(const std::string& kind) {
  return unique(pair(kind == "lake" ? kLakeSuffix : kPondSuffix), kRepeats);
}

std::string Namer::railway() { return rng_.pick(kRailways); }

std::string personName(Rng& rng) {
  std::string s = rng.pick(kSurnames);
  s += rng.pick(kGiven);
  if (rng.chance(0.6)) s += rng.pick(kGiven);
  return s;
}

std::string fakePhone(Rng& rng) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "100%08d", static_cast<int>(rng.next() % 100000000ull));
  return buf;
}

std::string fakeIdNumber(Rng& rng) {
  char body[18];
  const int year = rng.uniformInt(1940, 2005);
  const int month = rng.uniformInt(1, 12);
  const int day = rng.uniformInt(1, 28);
  const int seq = rng.uniformInt(0, 999);
  std::snprintf(body, sizeof body, "999999%04d%02d%02d%03d", year, month, day, seq);
  static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static const char check[] = "10X98765432";
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (body[i] - '0') * w[i];
  return std::string(body, 17) + check[sum % 11];
}

}  // namespace gp::synth
