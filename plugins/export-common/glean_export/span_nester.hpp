// glean/plugins/export-common/glean_export/span_nester.hpp - overlapping spans as well-nested markup
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace glean_export {

/// One span to mark up: [begin, end) and a key the sink uses to find what it stands for.
struct SpanItem {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::uint32_t key = 0;
};

/// Turns spans that may nest, touch or cross into a sequence of text / open / close events that
/// nest properly, as HTML elements must. Nested spans become nested elements. Where a span ends
/// while spans opened inside it are still running (the spans cross), those inner spans are closed
/// there and reopened right after as continuation fragments, so every span is covered exactly by
/// its fragments. Spans that start together open longest first, so a span is only cut where a
/// crossing forces it. Empty spans open and close at their position.
///
/// The sink provides text(begin, end), open(item, continued) and close(item). Reuse one nester per
/// run to reuse its memory (exporters are sequential).
class SpanNester {
 public:
  template <typename Sink>
  void run(std::vector<SpanItem>& items, std::size_t text_size, Sink& sink) {
    for (auto& it : items) {
      if (it.end > text_size) it.end = text_size;
      if (it.begin > it.end) it.begin = it.end;
    }
    std::sort(items.begin(), items.end(), [](const SpanItem& x, const SpanItem& y) {
      if (x.begin != y.begin) return x.begin < y.begin;
      if (x.end != y.end) return x.end > y.end;
      return x.key < y.key;
    });
    stack_.clear();
    std::size_t pos = 0;
    std::size_t next = 0;
    while (next < items.size() || !stack_.empty()) {
      // The next boundary: the next start, or the nearest end among the open spans.
      std::size_t q = next < items.size() ? items[next].begin : text_size;
      for (const SpanItem* open : stack_) q = std::min(q, open->end);
      if (q > pos) sink.text(pos, q);
      pos = q;

      // Close every open span that ends here, and whatever is open inside it.
      reopen_.clear();
      std::size_t lowest = stack_.size();
      for (std::size_t k = 0; k < stack_.size(); ++k) {
        if (stack_[k]->end <= q) {
          lowest = k;
          break;
        }
      }
      while (stack_.size() > lowest) {
        const SpanItem* top = stack_.back();
        stack_.pop_back();
        sink.close(*top);
        if (top->end > q) reopen_.push_back(top);
      }

      // Open the spans that start here plus the cut-off ones, longest (outermost) first.
      starting_.clear();
      for (const SpanItem* r : reopen_) starting_.push_back({r, true});
      for (; next < items.size() && items[next].begin == q; ++next) {
        if (items[next].end == q) {  // empty: opens and closes in place
          sink.open(items[next], false);
          sink.close(items[next]);
        } else {
          starting_.push_back({&items[next], false});
        }
      }
      std::sort(starting_.begin(), starting_.end(), [](const Opening& x, const Opening& y) {
        if (x.item->end != y.item->end) return x.item->end > y.item->end;
        if (x.item->begin != y.item->begin) return x.item->begin < y.item->begin;
        return x.item->key < y.item->key;
      });
      for (const Opening& o : starting_) {
        sink.open(*o.item, o.continued);
        stack_.push_back(o.item);
      }
    }
    if (pos < text_size) sink.text(pos, text_size);
  }

 private:
  struct Opening {
    const SpanItem* item;
    bool continued;
  };
  std::vector<const SpanItem*> stack_;
  std::vector<const SpanItem*> reopen_;
  std::vector<Opening> starting_;
};

}  // namespace glean_export
