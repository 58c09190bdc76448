#pragma once
// The input options shared by `gridplan inspect` and `gridplan partition` (DESIGN §5).
namespace CLI {
class App;
}
namespace gp::io {
struct LoadOptions;
}

namespace gp::app {

// Adds --buildings, --buildings-layer, --households-field, … , --crs to `sub`, writing into `o`.
void addInputOptions(CLI::App& sub, gp::io::LoadOptions& o);

}  // namespace gp::app
