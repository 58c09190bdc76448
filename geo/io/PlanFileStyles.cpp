#include "geo/io/PlanFileStyles.hpp"

#include <cstdio>

#include "geo/core/I18n.hpp"
#include "geo/plan/GridColours.hpp"

namespace gp::io {

namespace {

std::string xml(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\n': out += "&#xa;"; break;
      default: out += c;
    }
  }
  return out;
}

// A QGIS string literal inside an expression.
std::string literal(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

using Props = std::vector<std::pair<std::string, std::string>>;

// Data-defined properties (name → expression), as QGIS 3.22 writes them for symbol layers and labels.
std::string dataDefined(const char* tag, const Props& dd) {
  std::string s = std::string("<") + tag + "><Option type=\"Map\"><Option name=\"name\" type=\"QString\" value=\"\"/>";
  if (dd.empty()) {
    s += "<Option name=\"properties\"/>";
  } else {
    s += "<Option name=\"properties\" type=\"Map\">";
    for (auto& [k, e] : dd)
      s += "<Option name=\"" + k + "\" type=\"Map\"><Option name=\"active\" type=\"bool\" value=\"true\"/>"
           "<Option name=\"expression\" type=\"QString\" value=\"" + xml(e) +
           "\"/><Option name=\"type\" type=\"int\" value=\"3\"/></Option>";
    s += "</Option>";
  }
  return s + "<Option name=\"type\" type=\"QString\" value=\"collection\"/></Option></" + tag + ">";
}

// A symbol layer; its properties are written both as the <Option> map of QGIS ≥ 3.26 and as the <prop> list
// that older QGIS 3 releases (common on government desktops) read.
std::string symbolLayer(const char* cls, const Props& props, const Props& dd = {}, const std::string& inner = {}) {
  std::string s = std::string("<layer class=\"") + cls + "\" enabled=\"1\" locked=\"0\" pass=\"0\"><Option type=\"Map\">";
  for (auto& [k, v] : props) s += "<Option name=\"" + k + "\" type=\"QString\" value=\"" + xml(v) + "\"/>";
  s += "</Option>";
  for (auto& [k, v] : props) s += "<prop k=\"" + k + "\" v=\"" + xml(v) + "\"/>";
  return s + dataDefined("data_defined_properties", dd) + inner + "</layer>";
}

std::string symbol(const char* type, const std::string& name, const std::string& layers) {
  return std::string("<symbol type=\"") + type + "\" name=\"" + name +
         "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">" + layers + "</symbol>";
}

struct Fill {
  std::string color;    // "r,g,b,a"
  std::string outline;  // "r,g,b,a"
  double width;         // mm
  const char* style = "solid";  // brush: solid / no
};

std::string num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%g", v);
  return b;
}

std::string simpleFill(const Fill& f, const Props& dd = {}) {
  return symbolLayer("SimpleFill",
                     {{"color", f.color},
                      {"joinstyle", "bevel"},
                      {"outline_color", f.outline},
                      {"outline_style", "solid"},
                      {"outline_width", num(f.width)},
                      {"outline_width_unit", "MM"},
                      {"style", f.style}},
                     dd);
}

std::string rgba(const plan::Rgb& c, int a) {
  return std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b) + "," + std::to_string(a);
}

struct Label {
  std::string expr;     // a QGIS expression
  double size;          // points
  const char* color;
  bool bold;
  int priority;         // 0–10: where labels collide, the higher wins
  Props dd;             // data-defined label properties (AlwaysShow, …)
  double visibleBelow = 0;  // scale denominator above which the labels are hidden; 0: at every scale
};

std::string labeling(const Label& l) {
  return std::string("<labeling type=\"simple\"><settings calloutType=\"simple\"><text-style fieldName=\"") +
         xml(l.expr) + "\" isExpression=\"1\" fontFamily=\"Noto Sans CJK SC\" fontSize=\"" + num(l.size) +
         "\" fontSizeUnit=\"Point\" fontWeight=\"" + (l.bold ? "75" : "50") + "\" textColor=\"" + l.color +
         "\" textOpacity=\"1\" multilineHeight=\"1\"/><text-format wrapChar=\"\" multilineAlign=\"1\"/>"
         "<text-buffer bufferDraw=\"1\" bufferSize=\"0.8\" bufferSizeUnits=\"MM\" bufferColor=\"255,255,255,255\" "
         "bufferOpacity=\"0.85\"/>"
         // Around the polygon's inner point (placement 0), which places every grid label of the demo town at
         // 1600 px where "horizontal inside" (4) and "over the centroid" (1) leave some out. No layer is an
         // obstacle: grid and community boundaries would push grid labels off the grids they name.
         "<placement placement=\"0\" dist=\"0\" centroidInside=\"1\" centroidWhole=\"0\" fitInPolygonOnly=\"0\" "
         "priority=\"" + std::to_string(l.priority) +
         "\"/><rendering obstacle=\"0\" obstacleFactor=\"1\" obstacleType=\"1\" displayAll=\"0\" "
         "upsidedownLabels=\"0\" mergeLines=\"0\" labelPerPart=\"0\" " +
         // QGIS writes the most zoomed-out scale of visibility (its minimumScale) as scaleMax.
         (l.visibleBelow > 0 ? "scaleVisibility=\"1\" scaleMax=\"" + num(l.visibleBelow) + "\" scaleMin=\"0\""
                             : std::string("scaleVisibility=\"0\"")) +
         "/>" + dataDefined("dd_properties", l.dd) + "</settings></labeling>";
}

std::string document(const std::string& renderer, const std::string& labels, int geometryType) {
  return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"3.22.0\" "
         "styleCategories=\"Symbology|Labeling\" labelsEnabled=\"" +
         std::string(labels.empty() ? "0" : "1") + "\">" + renderer + labels +
         "<blendMode>0</blendMode><featureBlendMode>0</featureBlendMode><layerGeometryType>" +
         std::to_string(geometryType) + "</layerGeometryType></qgis>\n";
}

std::string singleSymbol(const std::string& sym) {
  return "<renderer-v2 type=\"singleSymbol\" forceraster=\"0\" symbollevels=\"0\" enableorderby=\"0\"><symbols>" +
         sym + "</symbols></renderer-v2>";
}

struct Category {
  std::string value, label, symbol;
};
std::string categorized(const std::string& attr, const std::vector<Category>& cats) {
  std::string r = "<renderer-v2 type=\"categorizedSymbol\" attr=\"" + xml(attr) +
                  "\" forceraster=\"0\" symbollevels=\"0\" enableorderby=\"0\"><categories>";
  for (size_t i = 0; i < cats.size(); ++i)
    r += "<category value=\"" + xml(cats[i].value) + "\" symbol=\"" + std::to_string(i) + "\" label=\"" +
         xml(cats[i].label) + "\" render=\"true\"/>";
  r += "</categories><symbols>";
  for (const Category& c : cats) r += c.symbol;
  return r + "</symbols></renderer-v2>";
}

// Status drawn over the grid's colour, never as the fill: over a red outline and red hatching, under an amber
// dashed outline and amber hatching the other way, split and exception a blue outline and sparse blue hatching;
// ok nothing. The hatching shows even where a community boundary covers the outline (a grid that is its whole
// community).
const char* kStatusOutline =
    "CASE WHEN \"status\" = 'over' THEN '200,20,20,255' WHEN \"status\" = 'under' THEN '230,130,0,255' "
    "WHEN \"status\" IN ('exception', 'split') THEN '40,70,190,255' ELSE '0,0,0,0' END";
const char* kStatusDash = "CASE WHEN \"status\" = 'under' THEN 'dash' ELSE 'solid' END";

struct Hatch {
  const char* when;  // expression enabling it
  const char* color;
  double angle, distance;  // degrees, mm
};
const Hatch kHatches[] = {
    {"\"status\" = 'over'", "200,20,20,200", 45, 2.5},
    {"\"status\" = 'under'", "230,130,0,220", -45, 2.5},
    {"\"status\" IN ('exception', 'split')", "40,70,190,110", 0, 4},
};

std::string gridSymbol(int k) {
  const plan::Rgb& c = plan::gridPalette()[size_t(k)];
  std::string layers = simpleFill({rgba(c, 190), "60,60,60,255", 0.6});
  int sub = 1;
  for (const Hatch& h : kHatches) {
    // Built by appending: gcc 12 -O3 warns falsely (-Wrestrict) on "@" + std::string.
    std::string name = "@";
    name += std::to_string(k);
    name += "@";
    name += std::to_string(sub++);
    std::string line =
        symbol("line", name,
               symbolLayer("SimpleLine", {{"line_color", h.color}, {"line_style", "solid"}, {"line_width", "0.35"},
                                          {"line_width_unit", "MM"}, {"capstyle", "square"}, {"joinstyle", "bevel"}}));
    layers += symbolLayer("LinePatternFill",
                          {{"angle", num(h.angle)}, {"color", h.color}, {"distance", num(h.distance)},
                           {"distance_unit", "MM"}, {"line_width", "0.35"}, {"line_width_unit", "MM"}, {"offset", "0"},
                           {"offset_unit", "MM"}},
                          {{"enabled", h.when}}, line);
  }
  layers += simpleFill({"0,0,0,0", "0,0,0,0", 1.4, "no"},
                       {{"outlineColor", kStatusOutline}, {"outlineStyle", kStatusDash}});
  return symbol("fill", std::to_string(k), layers);
}

}  // namespace

std::string layerTitle(const std::string& table) {
  if (table == "grids") return tr("Full-service grids");
  if (table == "units") return tr("Basic governance units");
  if (table == "buildings") return tr("Buildings");
  if (table == "communities") return tr("Communities");
  if (table == "problems") return tr("Problems");
  // Not "Households": that msgid is the households count (户数) in the loader's messages.
  if (table == "households") return tr("Household points");
  if (table == "compounds") return tr("Compounds");
  if (table == "barriers") return tr("Roads, railways and rivers");
  return table;
}

std::vector<LayerStyle> planStyles() {
  std::vector<LayerStyle> out;

  // Grids: one fill per colour index (touching grids differ); status as outline and hatch over it.
  std::vector<Category> cats;
  for (int k = 0; k < plan::kGridColours; ++k)
    cats.push_back({std::to_string(k), fmt(tr("grid colour %d"), k + 1), gridSymbol(k)});
  // Grid labels (code and households) outrank every other label, and a grid that is not ok always shows its
  // label, even where it collides; at small scales the code shortens to its 3-digit sequence.
  const std::string hh = literal(std::string(" ") + tr("households"));
  Label grid{"CASE WHEN @map_scale > 15000 THEN right(\"grid_id\", 3) ELSE \"grid_id\" END || '\\n' || "
             "\"households\" || " + hh,
             8, "20,20,20,255", true, 10, {{"AlwaysShow", "\"status\" <> 'ok'"}}};
  out.push_back({"grids", "gridplan grids",
                 tr("Full-service grids: touching grids differ in colour; status as outline and hatching (over red, "
                    "under amber dashed, exception blue); labelled with code and households"),
                 document(categorized("colour", cats), labeling(grid), 2)});

  // Units: thin outlines, labelled with their 2-digit suffix only from a large scale on, below every grid label.
  Label unit{"right(\"unit_id\", 2)", 7, "70,70,70,255", false, 2, {}, 2500};
  out.push_back({"units", "gridplan units", tr("Basic governance units: thin outlines, labelled from 1:2500 on"),
                 document(singleSymbol(symbol("fill", "0", simpleFill({"255,255,255,0", "110,110,110,255", 0.15, "no"}))),
                          labeling(unit), 2)});
  out.push_back({"buildings", "gridplan buildings", tr("Buildings in light grey"),
                 document(singleSymbol(symbol("fill", "0", simpleFill({"215,215,215,255", "160,160,160,255", 0.1}))),
                          "", 2)});
  Label community{"\"name\"", 10, "40,40,40,255", true, 6};
  out.push_back({"communities", "gridplan communities", tr("Community boundaries, labelled with their name"),
                 document(singleSymbol(symbol("fill", "0", simpleFill({"255,255,255,0", "40,40,40,255", 1.2, "no"}))),
                          labeling(community), 2)});

  // Problems by severity: errors red, warnings orange, notes blue.
  auto marker = [](const std::string& name, const char* color, double size) {
    return symbol("marker", name,
                  symbolLayer("SimpleMarker", {{"color", color}, {"name", "triangle"}, {"size", num(size)},
                                               {"size_unit", "MM"}, {"outline_color", "35,35,35,255"},
                                               {"outline_width", "0.2"}, {"outline_width_unit", "MM"}}));
  };
  std::vector<Category> sev = {{"error", tr("error"), marker("0", "220,30,30,255", 4)},
                               {"warning", tr("warning"), marker("1", "245,150,20,255", 3.2)},
                               {"info", tr("info"), marker("2", "60,120,220,255", 2.6)}};
  out.push_back({"problems", "gridplan problems", tr("Problems by severity: errors red, warnings orange, notes blue"),
                 document(categorized("severity", sev), "", 0)});
  return out;
}

}  // namespace gp::io
