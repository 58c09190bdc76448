#include "geo/io/GdalMessages.hpp"

#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"
#include "geo/io/SourceLayer.hpp"

namespace gp::io {

GdalMessages::GdalMessages() { CPLPushErrorHandlerEx(&GdalMessages::handle, this); }
GdalMessages::~GdalMessages() { CPLPopErrorHandler(); }

void GdalMessages::report(ProblemList& out) const {
  for (const auto& [msg, n] : counts_)
    out.add("gdal_message", Severity::Info, "GDAL",
            // GDAL's own text is quoted as it is (GDAL speaks English).
            n > 1 ? fmt(trn("GDAL said: %1$s (%2$lld time)", "GDAL said: %1$s (%2$lld times)", static_cast<unsigned long>(n)),
                        msg.c_str(), static_cast<long long>(n))
                  : fmt(tr("GDAL said: %s"), msg.c_str()));
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
  // TRANSLATORS: where reading failed, inside "reading failed %4$s: GDAL said: …".
  if (g_.failures() != start_) fail(fmt(tr("at feature fid=%1$lld (feature %2$lld)"), fid, n_));
  last_ = fid;
}

void ReadWatch::done() const {
  if (g_.failures() != start_)
    fail(n_ == 0 ? std::string(tr("at its first feature"))
                 : fmt(tr("after feature fid=%1$lld (feature %2$lld)"), last_, n_));
}

void ReadWatch::fail(const std::string& where) const {
  throw InputError(fmt(tr("--%1$s %2$s, layer %3$s: reading failed %4$s: GDAL said: %5$s. The file is damaged "
                          "(truncated, or copied incompletely); nothing was written. Copy it again from its source, or "
                          "open it in QGIS and save a copy to see what is lost."),
                       s_.role().c_str(), s_.source().c_str(), s_.layerName().c_str(), where.c_str(),
                       g_.failure().c_str()));
}

}  // namespace gp::io
