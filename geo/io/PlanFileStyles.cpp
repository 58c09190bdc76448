#include "geo/io/PlanFileStyles.hpp"

namespace gp::io {

namespace {

struct Fill {
  const char* color;          // "r,g,b,a"
  const char* outline;        // "r,g,b,a"
  double width;               // mm
  const char* style = "solid";  // brush: solid / no
};

// Symbol properties are written both as the <Option> map of QGIS ≥ 3.26 and as the <prop> list that older
// QGIS 3 releases (common on government desktops) read.
std::string fillSymbol(const std::string& name, const Fill& f) {
  auto props = [&](const char* k, const std::string& v) {
    return "<Option name=\"" + std::string(k) + "\" type=\"QString\" value=\"" + v + "\"/>";
  };
  auto legacy = [&](const char* k, const std::string& v) {
    return "<prop k=\"" + std::string(k) + "\" v=\"" + v + "\"/>";
  };
  std::string w = std::to_string(f.width);
  const std::pair<const char*, std::string> kv[] = {
      {"color", f.color},        {"joinstyle", "bevel"},  {"outline_color", f.outline}, {"outline_style", "solid"},
      {"outline_width", w},      {"outline_width_unit", "MM"}, {"style", f.style},
  };
  std::string s = "<symbol type=\"fill\" name=\"" + name +
                  "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\"><layer class=\"SimpleFill\" enabled=\"1\" "
                  "locked=\"0\" pass=\"0\"><Option type=\"Map\">";
  for (auto& [k, v] : kv) s += props(k, v);
  s += "</Option>";
  for (auto& [k, v] : kv) s += legacy(k, v);
  s += "</layer></symbol>";
  return s;
}

std::string markerSymbol(const std::string& name, const char* color) {
  return "<symbol type=\"marker\" name=\"" + name +
         "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\"><layer class=\"SimpleMarker\" enabled=\"1\" locked=\"0\" "
         "pass=\"0\"><Option type=\"Map\"><Option name=\"color\" type=\"QString\" value=\"" +
         color +
         "\"/><Option name=\"name\" type=\"QString\" value=\"triangle\"/><Option name=\"size\" type=\"QString\" "
         "value=\"3\"/><Option name=\"outline_color\" type=\"QString\" value=\"35,35,35,255\"/></Option>"
         "<prop k=\"color\" v=\"" +
         color +
         "\"/><prop k=\"name\" v=\"triangle\"/><prop k=\"size\" v=\"3\"/><prop k=\"outline_color\" "
         "v=\"35,35,35,255\"/></layer></symbol>";
}

// A label from a QGIS expression; `expr` is already XML-escaped.
std::string labeling(const std::string& expr, double size, const char* color, bool bold) {
  return std::string("<labeling type=\"simple\"><settings calloutType=\"simple\"><text-style fieldName=\"") + expr +
         "\" isExpression=\"1\" fontFamily=\"Noto Sans CJK SC\" fontSize=\"" + std::to_string(size) +
         "\" fontSizeUnit=\"Point\" fontWeight=\"" + (bold ? "75" : "50") + "\" textColor=\"" + color +
         "\" textOpacity=\"1\" multilineHeight=\"1\"/><text-format wrapChar=\"\" multilineAlign=\"1\"/>"
         "<text-buffer bufferDraw=\"1\" bufferSize=\"0.8\" bufferSizeUnits=\"MM\" bufferColor=\"255,255,255,255\" "
         "bufferOpacity=\"0.8\"/><placement placement=\"1\" centroidInside=\"1\" centroidWhole=\"0\" "
         "fitInPolygonOnly=\"0\" priority=\"5\"/><rendering obstacle=\"1\" displayAll=\"0\" upsidedownLabels=\"0\" "
         "scaleVisibility=\"0\" mergeLines=\"0\"/></settings></labeling>";
}

std::string document(const std::string& renderer, const std::string& labels, int geometryType) {
  return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"3.28.0\" "
         "styleCategories=\"Symbology|Labeling\" labelsEnabled=\"" +
         std::string(labels.empty() ? "0" : "1") + "\">" + renderer + labels +
         "<blendMode>0</blendMode><featureBlendMode>0</featureBlendMode><layerGeometryType>" +
         std::to_string(geometryType) + "</layerGeometryType></qgis>\n";
}

std::string singleFill(const Fill& f) {
  return "<renderer-v2 type=\"singleSymbol\" forceraster=\"0\" symbollevels=\"0\" enableorderby=\"0\"><symbols>" +
         fillSymbol("0", f) + "</symbols></renderer-v2>";
}

}  // namespace

std::vector<LayerStyle> planStyles() {
  std::vector<LayerStyle> out;

  // Grids: ok green, under amber, over red, split violet, exception blue; translucent fills over the map.
  struct Cat {
    const char* value;
    const char* label;
    Fill fill;
  };
  const Cat cats[] = {
      {"ok", "ok 户数在范围内", {"120,200,120,70", "30,120,30,255", 0.8}},
      {"under", "under 户数不足", {"255,200,80,110", "200,130,0,255", 0.8}},
      {"over", "over 户数超出", {"240,90,80,110", "180,20,20,255", 0.8}},
      {"split", "split 楼栋分属多网格", {"180,120,220,110", "110,50,160,255", 0.8}},
      {"exception", "exception 例外", {"110,160,230,110", "30,80,170,255", 0.8}},
  };
  std::string r = "<renderer-v2 type=\"categorizedSymbol\" attr=\"status\" forceraster=\"0\" symbollevels=\"0\" "
                  "enableorderby=\"0\"><categories>";
  for (size_t i = 0; i < std::size(cats); ++i)
    r += "<category value=\"" + std::string(cats[i].value) + "\" symbol=\"" + std::to_string(i) + "\" label=\"" +
         cats[i].label + "\" render=\"true\"/>";
  r += "</categories><symbols>";
  for (size_t i = 0; i < std::size(cats); ++i) r += fillSymbol(std::to_string(i), cats[i].fill);
  r += "</symbols></renderer-v2>";
  out.push_back({"grids", "gridplan grids", "全科网格 by status, labelled with code and households",
                 document(r, labeling("&quot;grid_id&quot; || '\\n' || &quot;households&quot; || ' 户'", 9, "20,20,20,255", true), 2)});

  out.push_back({"units", "gridplan units", "基础治理单元 as thin outlines labelled with their 2-digit suffix",
                 document(singleFill({"255,255,255,0", "90,90,90,255", 0.2, "no"}),
                          labeling("right(&quot;unit_id&quot;, 2)", 7, "70,70,70,255", false), 2)});
  out.push_back({"buildings", "gridplan buildings", "楼栋 light grey",
                 document(singleFill({"215,215,215,255", "160,160,160,255", 0.1}), "", 2)});
  out.push_back({"communities", "gridplan communities", "社区 boundaries, labelled with name",
                 document(singleFill({"255,255,255,0", "40,40,40,255", 1.2, "no"}),
                          labeling("&quot;name&quot;", 11, "40,40,40,255", true), 2)});
  out.push_back({"problems", "gridplan problems", "problems as red triangles",
                 document("<renderer-v2 type=\"singleSymbol\" forceraster=\"0\" symbollevels=\"0\" enableorderby=\"0\">"
                          "<symbols>" + markerSymbol("0", "220,30,30,255") + "</symbols></renderer-v2>",
                          "", 0)});
  return out;
}

}  // namespace gp::io
