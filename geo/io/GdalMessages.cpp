#include "geo/io/GdalMessages.hpp"

#include "geo/core/Error.hpp"
#include "geo/io/SourceLayer.hpp"

namespace gp::io {

GdalMessages::GdalMessages() { CPLPushErrorHandlerEx(&GdalMessages::handle, this); }
GdalMessages::~GdalMessages() { CPLPopErrorHandler(); }

void GdalMessages::report(ProblemList& out) const {
  for (const auto& [msg, n] : counts_)
    out.add("gdal_message", Severity::Info, "GDAL",
            "GDAL said: " + msg + (n > 1 ? " (" + std::to_string(n) + " times)" : std::string()));
}

void CPL_STDCALL GdalMessages::handle(CPLErr e, CPLErrorNum, const char* msg) {
  auto* self = static_cast<GdalMessages*>(CPLGetErrorHandlerUserData());
  if (!self || e < CE_Warning || !msg) return;
  if (e >= CE_Failure) {
    ++self->failures_;
    if (self->failure_.empty()) self->failure_ = msg;
  }
  self->counts_[msg] += 1;
}

ReadWatch::ReadWatch(GdalMessages& g, const SourceLayer& s) : g_(g), s_(s), start_(g.failures()) {
  g.forgetFailure();
}

void ReadWatch::next(long long fid) {
  ++n_;
  if (g_.failures() != start_) fail("at feature fid=" + std::to_string(fid) + " (feature " + std::to_string(n_) + ")");
  last_ = fid;
}

void ReadWatch::done() const {
  if (g_.failures() != start_)
    fail(n_ == 0 ? std::string("at its first feature")
                 : "after feature fid=" + std::to_string(last_) + " (feature " + std::to_string(n_) + ")");
}

void ReadWatch::fail(const std::string& where) const {
  throw InputError("--" + s_.role() + " " + s_.source() + ", layer " + s_.layerName() + ": reading failed " + where +
                   ": GDAL said: " + g_.failure() +
                   ". The file is damaged (truncated, or copied incompletely); nothing was written. Copy it again "
                   "from its source, or open it in QGIS and save a copy to see what is lost.");
}

}  // namespace gp::io
