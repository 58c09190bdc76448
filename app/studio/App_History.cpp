// App: the History tab: the edits of the undo history, those undone greyed.
#include "app/studio/App.hpp"

#include <imgui.h>

#include "geo/core/I18n.hpp"

namespace gp::studio {

void App::historyList() {
  const auto& h = doc_.history;
  for (size_t i = 0; i < h.size(); ++i) {
    bool applied = i < h.position();
    ImGui::PushStyleColor(ImGuiCol_Text, applied ? IM_COL32(20, 20, 20, 255) : IM_COL32(150, 150, 150, 255));
    ImGui::Text("%zu. %s", i + 1, h.at(i).describe().c_str());
    ImGui::PopStyleColor();
  }
  if (h.size() == 0) ImGui::TextDisabled("%s", tr("no edits yet"));
}

}  // namespace gp::studio
