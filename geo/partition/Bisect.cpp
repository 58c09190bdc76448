// Stage 2: a component is split into k parts by recursive bisection; each cut grows one side from a
// west/north corner, keeps the cheapest prefix whose weight leaves both sides feasible, then keeps
// both sides connected and within their windows (Partitioner.hpp, step 2).
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <limits>

#include "geo/partition/Partitioner.hpp"

namespace gp::partition::detail {

struct Partitioner::Window {
  int32_t k1 = 0, k2 = 0;    // part counts of the grown side and of the rest
  int64_t lo = 0, hi = 0;    // weights of the grown side that leave both sides feasible
  int64_t elo = 0, ehi = 0;  // the narrower window that keeps each side's average near this one's
  int64_t tgt = 0;           // the weight in proportion to k1
  int32_t kmin12 = 0;
};


void Partitioner::bisect(std::span<int32_t> S, int64_t W, int32_t k) {
  if (trial_.failed) return;
  if (k <= 1 || S.size() <= 1) {
    const int32_t p = newPart(Kind::Free);
    for (int32_t v : S) assign(v, p);
    // A trial (resplit) fails with its first part out of bounds or beyond the parts it may make: the
    // rest of the bisection could not change that.
    if (trial_.on && (viol(parts_[size_t(p)].w) > 0 || parts_.size() > trial_.maxParts)) trial_.failed = true;
    return;
  }
  const Window win = window(W, k);
  double minx = 1e300, maxx = -1e300, miny = 1e300, maxy = -1e300;
  inSet_.clear();
  for (int32_t v : S) {
    inSet_.add(v);
    minx = std::min(minx, px(v));
    maxx = std::max(maxx, px(v));
    miny = std::min(miny, py(v));
    maxy = std::max(maxy, py(v));
  }
  // Sweep along the longer side, from the west or from the north.
  const bool alongX = (maxx - minx) >= (maxy - miny);
  Growth& gr = grow(S, W, win, alongX);
  const int64_t cutAt = pickCut(gr, S.size(), win);
  std::vector<int32_t>& order = gr.order;
  for (size_t i = size_t(cutAt) + 1; i < order.size(); ++i) inGrown_.remove(order[i]);
  order.resize(size_t(cutAt) + 1);
  int64_t wA = joinPockets(S, order, gr.prefW[size_t(cutAt)]);
  wA = rebalance(S, order, wA, win, alongX);

  // The grown side first, then the rest, each in its order in S (S is reordered in place, no copies).
  size_t nA = 0;
  sideB_.clear();
  for (size_t i = 0; i < S.size(); ++i) {
    const int32_t v = S[i];
    if (inGrown_.has(v)) S[nA++] = v;
    else sideB_.push_back(v);
  }
  std::copy(sideB_.begin(), sideB_.end(), S.begin() + std::ptrdiff_t(nA));
  if (nA == 0 || nA == S.size()) {  // cannot happen for S.size() > 1; kept as a safe fallback
    const int32_t p = newPart(Kind::Free);
    for (int32_t v : S) assign(v, p);
    return;
  }
  const int64_t WA = wA, WB = W - wA;
  int32_t kA = win.k1, kB = win.k2;
  sideCounts(W, k, WA, kA, kB);
  bisect(S.first(nA), WA, kA);
  bisect(S.subspan(nA), WB, kB);
}

Partitioner::Window Partitioner::window(int64_t W, int32_t k) const {
  Window win;
  const int32_t k1 = k / 2, k2 = k - k1;
  win.k1 = k1;
  win.k2 = k2;
  int64_t lo = std::max<int64_t>(int64_t(k1) * cfg_.min, W - int64_t(k2) * cfg_.max);
  int64_t hi = std::min<int64_t>(int64_t(k1) * cfg_.max, W - int64_t(k2) * cfg_.min);
  int64_t tgt = std::llround(double(W) * k1 / k);
  if (lo > hi) lo = hi = tgt;  // a component no count fits: split in proportion
  win.tgt = std::clamp(tgt, lo, hi);
  win.lo = lo;
  win.hi = hi;
  win.kmin12 = std::min(k1, k2);
  // A side that will be split again keeps its average per part near this one's, within 30% of the
  // distance to the nearer bound: averages cannot drift to a bound over many levels, which would
  // leave the lower cuts no room.
  int64_t elo = lo, ehi = hi;
  const double a = double(W) / k, d = 0.3 * std::max(0.0, std::min(a - cfg_.min, cfg_.max - a));
  if (k1 >= 2) {
    elo = std::max<int64_t>(elo, int64_t(std::ceil(k1 * (a - d))));
    ehi = std::min<int64_t>(ehi, int64_t(std::floor(k1 * (a + d))));
  }
  if (k2 >= 2) {
    elo = std::max<int64_t>(elo, W - int64_t(std::floor(k2 * (a + d))));
    ehi = std::min<int64_t>(ehi, W - int64_t(std::ceil(k2 * (a - d))));
  }
  win.elo = elo;
  win.ehi = ehi;
  return win;
}

// Grows side A (inGrown_) from the node first in sweep order until its weight passes the window,
// recording the weight and cut of every prefix. Tiers: 0 stays inside the block and compound, 1 crosses
// a barrier, 2 leaves or enters a compound, 3 both.
Partitioner::Growth& Partitioner::grow(std::span<const int32_t> S, int64_t W, const Window& win, bool alongX) {
  auto key = [&](int32_t v) { return sweepKey(v, alongX); };
  int32_t seed = S[0];
  for (int32_t v : S)
    if (key(v) < key(seed) || (key(v) == key(seed) && v < seed)) seed = v;
  // Min-heaps (as std::priority_queue with std::greater keeps them) in buffers kept between bisections.
  using Item = GrowItem;
  const std::greater<Item> later;
  auto push = [&](std::vector<Item>& h, const Item& it) {
    h.push_back(it);
    std::push_heap(h.begin(), h.end(), later);
  };
  auto pop = [&](std::vector<Item>& h) {
    std::pop_heap(h.begin(), h.end(), later);
    const Item it = h.back();
    h.pop_back();
    return it;
  };
  std::vector<Item>& pq = heap_;
  pq.clear();
  inGrown_.clear();
  tierSet_.clear();
  Growth& gr = growth_;
  gr.order.clear();
  gr.prefW.clear();
  gr.prefCut.clear();
  const size_t expect = size_t(double(S.size()) * double(win.hi) / double(std::max<int64_t>(W, 1)) * 1.1) + 16;
  gr.order.reserve(expect);
  gr.prefW.reserve(expect);
  gr.prefCut.reserve(expect);
  auto tierOf = [&](int32_t v) -> uint8_t { return tierSet_.has(v) ? tier_[v] : 255; };
  tierSet_.add(seed);
  tier_[seed] = 0;
  push(pq, {0, key(seed), seed});
  int64_t w = 0;
  double cut = 0;
  // Heavy pieces that would jump over the whole window wait here, for when nothing else is left.
  std::vector<Item>& deferred = deferred_;
  deferred.clear();
  while (true) {
    Item it;
    bool forced = false;
    if (!pq.empty()) {
      it = pop(pq);
    } else if (!deferred.empty()) {
      it = pop(deferred);
      forced = true;
    } else {
      break;
    }
    const int32_t u = it.v;
    if (inGrown_.has(u) || (!forced && it.tier != tierOf(u))) continue;
    if (!forced && !gr.order.empty() && w < win.lo && w + wt(u) > win.hi) {
      push(deferred, it);
      continue;
    }
    inGrown_.add(u);
    gr.order.push_back(u);
    w += wt(u);
    for (int32_t e = g_.xadj[u]; e < g_.xadj[u + 1]; ++e) {
      const int32_t z = g_.adjncy[e];
      if (!inSet_.has(z) || z == u) continue;
      const double c = cutCost(e);
      if (inGrown_.has(z)) {
        cut -= c;
      } else {
        cut += c;
        const bool gchange = !g_.group.empty() && grp(z) != grp(u);
        const uint8_t t = uint8_t((gchange ? 2 : 0) + (barrierEdge(e) ? 1 : 0));
        if (t < tierOf(z)) {
          tierSet_.add(z);
          tier_[z] = t;
          push(pq, {t, key(z), z});
        }
      }
    }
    gr.prefW.push_back(w);
    gr.prefCut.push_back(cut);
    if (w > win.hi) break;
  }
  return gr;
}

// The prefix to keep: cheapest cut among those in the window (the narrower one if any fits), else the
// one nearest the window. Never the whole set.
int64_t Partitioner::pickCut(const Growth& gr, size_t setSize, const Window& win) const {
  auto pick = [&](int64_t a, int64_t b) -> int64_t {
    int64_t best = -1;
    double bestScore = 0;
    for (size_t i = 0; i < gr.order.size(); ++i) {
      if (gr.prefW[i] < a || gr.prefW[i] > b) continue;
      if (size_t(i + 1) >= setSize) continue;
      const double s = gr.prefCut[i] + balanceWeight_ * double(std::llabs(gr.prefW[i] - win.tgt)) / win.kmin12;
      if (best < 0 || s < bestScore) {
        best = int64_t(i);
        bestScore = s;
      }
    }
    return best;
  };
  int64_t cutAt = pick(win.elo, win.ehi);
  if (cutAt < 0) cutAt = pick(win.lo, win.hi);
  if (cutAt < 0) {
    int64_t bestD = std::numeric_limits<int64_t>::max();
    for (size_t i = 0; i < gr.order.size(); ++i) {
      if (i + 1 >= setSize) break;
      const int64_t wi = gr.prefW[i];
      const int64_t d = wi < win.lo ? win.lo - wi : (wi > win.hi ? wi - win.hi : 0);
      if (d < bestD) {
        bestD = d;
        cutAt = int64_t(i);
      }
    }
    if (cutAt < 0) cutAt = 0;
  }
  return cutAt;
}

// Pockets of the rest cut off from its main body (the heaviest piece of it) join the grown side, so the
// rest stays connected. Returns the grown side's new weight.
int64_t Partitioner::joinPockets(std::span<const int32_t> S, std::vector<int32_t>& order, int64_t wA) {
  seen_.clear();
  pockets_.clear();
  pocketNodes_.clear();
  const size_t rest = S.size() - order.size();  // the nodes of S not grown (order holds the grown ones)
  for (int32_t s : S) {
    if (inGrown_.has(s) || seen_.has(s)) continue;
    std::vector<int32_t>& c = pocket_;
    c.assign(1, s);
    seen_.add(s);
    int64_t cw = 0;
    breadthFirst(
        g_, c, [&](int32_t z) { return inSet_.has(z) && !inGrown_.has(z) && seen_.insert(z); },
        [&](int32_t v) {
          cw += wt(v);
          return true;
        });
    if (pockets_.empty() && c.size() == rest) return wA;  // the rest is one piece: no pockets
    pockets_.push_back({cw, {pocketNodes_.size(), pocketNodes_.size() + c.size()}});
    pocketNodes_.insert(pocketNodes_.end(), c.begin(), c.end());
  }
  if (pockets_.size() <= 1) return wA;
  auto size = [&](size_t i) { return pockets_[i].second.second - pockets_[i].second.first; };
  size_t main = 0;
  for (size_t i = 1; i < pockets_.size(); ++i)
    if (pockets_[i].first > pockets_[main].first || (pockets_[i].first == pockets_[main].first && size(i) > size(main)))
      main = i;
  for (size_t i = 0; i < pockets_.size(); ++i) {
    if (i == main) continue;
    for (size_t j = pockets_[i].second.first; j < pockets_[i].second.second; ++j) {
      const int32_t v = pocketNodes_[j];
      inGrown_.add(v);
      order.push_back(v);
    }
    wA += pockets_[i].first;
  }
  return wA;
}

// Hands boundary nodes across while the grown side is outside its window, never disconnecting either
// side. Returns the grown side's new weight.
int64_t Partitioner::rebalance(std::span<const int32_t> S, std::vector<int32_t>& order, int64_t wA,
                               const Window& win, bool alongX) {
  const int64_t lo = win.lo, hi = win.hi;
  auto key = [&](int32_t v) { return sweepKey(v, alongX); };
  auto inA = [&](int32_t v) { return inSet_.has(v) && inGrown_.has(v); };
  auto inB = [&](int32_t v) { return inSet_.has(v) && !inGrown_.has(v); };
  size_t countA = order.size(), countB = S.size() - order.size();
  for (int guard = 0; guard < 64 && (wA > hi || wA < lo); ++guard) {
    bool moved = false;
    if (wA > hi) {
      for (size_t i = order.size(); i-- > 0 && wA > hi;) {
        const int32_t v = order[i];
        if (!inA(v) || wt(v) == 0 || wA - wt(v) < lo || countA <= 1) continue;
        bool touchesB = false;
        for (int32_t e = g_.xadj[v]; e < g_.xadj[v + 1] && !touchesB; ++e) touchesB = inB(g_.adjncy[e]);
        if (!touchesB || !staysConnected(v, inA)) continue;
        inGrown_.remove(v);
        wA -= wt(v);
        --countA;
        ++countB;
        moved = true;
      }
    } else {
      std::vector<int32_t> cand;
      for (int32_t v : order)
        if (inA(v))
          for (int32_t e = g_.xadj[v]; e < g_.xadj[v + 1]; ++e) {
            const int32_t z = g_.adjncy[e];
            if (inB(z) && wt(z) > 0) cand.push_back(z);
          }
      std::sort(cand.begin(), cand.end(), [&](int32_t a, int32_t b) {
        return key(a) != key(b) ? key(a) < key(b) : a < b;
      });
      cand.erase(std::unique(cand.begin(), cand.end()), cand.end());
      for (int32_t z : cand) {
        if (wA >= lo) break;
        if (!inB(z) || wA + wt(z) > hi || countB <= 1 || !staysConnected(z, inB)) continue;
        inGrown_.add(z);
        order.push_back(z);
        wA += wt(z);
        ++countA;
        --countB;
        moved = true;
      }
    }
    if (!moved) break;
  }
  return wA;
}

// The sides' part counts follow their actual weights: pockets or coarse pieces may have moved the cut off
// its window, and another split of k often still leaves both sides feasible.
void Partitioner::sideCounts(int64_t W, int32_t k, int64_t WA, int32_t& kA, int32_t& kB) const {
  const int64_t WB = W - WA;
  auto fits = [&](int64_t w, int64_t kk) { return kk * cfg_.min <= w && w <= kk * cfg_.max; };
  if (fits(WA, kA) && fits(WB, kB)) return;
  // Each side's own feasible range; any choice inside both keeps the component's count within
  // [ceil(W/max), floor(W/min)], so the total may differ from k by a part.
  const double a = double(W) / k;
  auto choose = [&](int64_t w, int32_t fallback) -> int32_t {
    const int64_t kmn = std::max<int64_t>(1, (w + cfg_.max - 1) / cfg_.max);
    const int64_t kmx = cfg_.min > 0 ? w / cfg_.min : kmn;
    if (kmn > kmx) return fallback;
    return int32_t(std::clamp<int64_t>(std::llround(double(w) / a), kmn, kmx));
  };
  const int32_t cA = choose(WA, -1), cB = choose(WB, -1);
  if (cA > 0 && cB > 0) {
    kA = cA;
    kB = cB;
  }
}

}  // namespace gp::partition::detail
