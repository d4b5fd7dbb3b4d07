// SPDX-License-Identifier: MIT
#include "timelinewidget.h"

#include "eventfilter.h"
#include "eventtablemodel.h"
#include "palettecolours.h"
#include "workerpool.h"

#include <QDateTime>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace {

// The bin of a time in [lo, hi] split into `bins`.
size_t binOf(qint64 t, qint64 lo, qint64 hi, int bins)
{
    return size_t(std::clamp(int(double(t - lo) / double(hi - lo) * bins), 0, bins - 1));
}

// Events per bin among the given index rows (ascending) of a snapshot, those with a valid ts.
std::vector<int> binRows(const JournalIndex::RowsSnapshot &snapshot, const std::vector<qint64> &rows,
                         qint64 lo, qint64 hi, int bins)
{
    std::vector<int> counts(size_t(bins), 0);
    // Rows ascend, and so do the files' first rows: walk both together.
    size_t file = 0;
    for (const qint64 row : rows) {
        while (file + 1 < snapshot.files.size() && snapshot.files[file + 1].firstRow <= row)
            ++file;
        if (file >= snapshot.files.size())
            break;
        const qint64 k = row - snapshot.files[file].firstRow;
        if (k < 0 || k >= snapshot.files[file].records.size())
            continue;
        const EventRecord &r = snapshot.files[file].records.at(k);
        if (!(r.flags & EventRecord::BadTimestamp))
            ++counts[binOf(r.tsNanos, lo, hi, bins)];
    }
    return counts;
}

} // namespace

TimelineWidget::TimelineWidget(EventTableModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_countJob(this)
{
    setObjectName(QStringLiteral("timeline"));
    setMouseTracking(false);
    setToolTip(tr("Click to jump to a time; drag to filter by a time range"));
    connect(&m_overlayJob, &QFutureWatcherBase::finished, this, &TimelineWidget::overlaysReady);
}

TimelineWidget::~TimelineWidget()
{
    if (m_overlayCancel)
        m_overlayCancel->store(true);
    m_overlayJob.waitForFinished();
}

void TimelineWidget::setOverlays(const QList<Overlay> &overlays)
{
    const bool sameQueries = [&] {
        if (overlays.size() != m_overlays.size())
            return false;
        for (int i = 0; i < overlays.size(); ++i)
            if (overlays[i].query != m_overlays[i].query)
                return false;
        return true;
    }();
    m_overlays = overlays;
    if (sameQueries) {
        update(); // a new colour or name only
        return;
    }
    m_overlayCounts.clear();
    countOverlays();
    update();
}

std::vector<int> TimelineWidget::overlayCounts(int i) const
{
    return i >= 0 && size_t(i) < m_overlayCounts.size() ? m_overlayCounts[size_t(i)] : std::vector<int>();
}

void TimelineWidget::countOverlays()
{
    ++m_overlayGeneration;
    if (m_overlays.isEmpty() || m_all.empty() || m_max <= m_min) {
        m_overlayCounts.clear();
        if (!m_overlays.isEmpty())
            Q_EMIT overlaysCounted();
        return;
    }
    if (m_overlayJob.isRunning()) {
        m_overlayCancel->store(true);
        m_overlayPending = true; // started again when the running one lands
        return;
    }
    m_overlayPending = false;
    m_overlayJobGeneration = m_overlayGeneration;
    m_overlayCancel = std::make_shared<std::atomic_bool>(false);
    const JournalIndex &index = m_model->journal();
    std::vector<CompiledFilter> filters;
    for (const Overlay &o : std::as_const(m_overlays)) {
        EventFilter filter;
        filter.where = o.query;
        CompiledFilter compiled(filter, index);
        compiled.setCache(m_model->queryCache());
        filters.push_back(std::move(compiled));
    }
    auto rows = index.snapshot();
    const qint64 lo = m_min, hi = m_max;
    const int bins = int(m_all.size());
    const auto cancel = m_overlayCancel;
    m_overlayJob.setFuture(WorkerPool::run([filters = std::move(filters), rows, lo, hi, bins, cancel] {
        std::vector<std::vector<int>> out;
        for (const CompiledFilter &f : filters)
            out.push_back(binRows(*rows, f.selectRows(*rows, 0, cancel.get()), lo, hi, bins));
        return out;
    }));
}

void TimelineWidget::overlaysReady()
{
    WorkerPool::takeOver();
    if (m_overlayJobGeneration == m_overlayGeneration && !m_overlayCancel->load() &&
        !m_overlayJob.isCanceled()) {
        m_overlayCounts = m_overlayJob.result();
        update();
        Q_EMIT overlaysCounted();
    }
    if (m_overlayPending)
        countOverlays();
}

QRect TimelineWidget::plotRect() const
{
    return rect().adjusted(6, 4, -6, -16);
}

void TimelineWidget::recount()
{
    const JournalIndex &index = m_model->journal();
    const auto span = index.timeSpan();
    const int bins = std::max(1, plotRect().width() / 3);
    if (!span) {
        m_countJob.cancel();
        m_all.assign(size_t(bins), 0);
        m_shown.assign(size_t(bins), 0);
        m_min = m_max = 0;
        countOverlays();
        update();
        Q_EMIT counted();
        return;
    }
    // A pass over every record (and the filtered rows): on a worker, over a frozen copy.
    const qint64 lo = span->first, hi = std::max(span->second, span->first + 1);
    m_countJob.start(
        [rows = index.snapshot(), filtered = m_model->filteredRows(), lo, hi,
         bins](const std::atomic<bool> &cancel) {
            Counts out;
            out.min = lo;
            out.max = hi;
            out.all.assign(size_t(bins), 0);
            for (const JournalIndex::RowsSnapshot::File &file : rows->files) {
                if (cancel.load(std::memory_order_relaxed))
                    return out;
                for (const EventRecord &r : file.records) {
                    if (!(r.flags & EventRecord::BadTimestamp))
                        ++out.all[binOf(r.tsNanos, lo, hi, bins)];
                }
            }
            out.shown = filtered ? binRows(*rows, *filtered, lo, hi, bins) : out.all;
            return out;
        },
        [this](Counts &counts) {
            m_min = counts.min;
            m_max = counts.max;
            m_all = std::move(counts.all);
            m_shown = std::move(counts.shown);
            countOverlays();
            update();
            Q_EMIT counted();
        });
}

void TimelineWidget::setViewport(std::optional<qint64> from, std::optional<qint64> to)
{
    if (from == m_viewFrom && to == m_viewTo)
        return;
    m_viewFrom = from;
    m_viewTo = to;
    update();
}

void TimelineWidget::setMatchProbe(std::function<bool(qint64, qint64)> probe)
{
    m_matchProbe = std::move(probe);
    update();
}

std::vector<int> TimelineWidget::matchTicks() const
{
    std::vector<int> out;
    if (!m_matchProbe || m_all.empty() || m_max <= m_min)
        return out;
    // One ordered lookup per bin: the cost follows the widget's width, not the matches.
    const double width = double(m_max - m_min) / double(m_all.size());
    for (size_t i = 0; i < m_all.size(); ++i) {
        const qint64 from = m_min + qint64(double(i) * width);
        const qint64 to = i + 1 == m_all.size() ? m_max : m_min + qint64(double(i + 1) * width) - 1;
        if (m_matchProbe(from, to))
            out.push_back(int(i));
    }
    return out;
}

qint64 TimelineWidget::timeAt(int x) const
{
    const QRect r = plotRect();
    const double f = std::clamp(double(x - r.left()) / std::max(1, r.width()), 0.0, 1.0);
    return m_min + qint64(f * double(m_max - m_min));
}

int TimelineWidget::xAt(qint64 nanos) const
{
    const QRect r = plotRect();
    if (m_max <= m_min)
        return r.left();
    return r.left() + int(double(nanos - m_min) / double(m_max - m_min) * r.width());
}

void TimelineWidget::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    const QRect r = plotRect();
    p.setPen(palette().mid().color());
    p.drawLine(r.bottomLeft(), r.bottomRight());
    if (m_all.empty() || m_max <= m_min) {
        p.setPen(palette().placeholderText().color());
        p.drawText(r, Qt::AlignCenter, tr("no timestamps"));
        return;
    }
    const int peak = std::max(1, *std::max_element(m_all.begin(), m_all.end()));
    const double binWidth = double(r.width()) / double(m_all.size());
    // Headroom above the peak keeps a steady journal from reading as a solid block.
    const auto barHeight = [&](int count) {
        return count == 0 ? 0 : std::max(1, int(double(count) / peak * r.height() * 0.85));
    };
    // From the palette: every event in a grey that stands off the background, the shown ones in the
    // highlight colour.
    const QColor all = PaletteColours::tint(palette(), palette().color(QPalette::Text), QPalette::Base);
    const QColor shown = palette().color(QPalette::Highlight);
    for (size_t i = 0; i < m_all.size(); ++i) {
        const int x = r.left() + int(double(i) * binWidth);
        const int w = std::max(1, int(double(i + 1) * binWidth) - int(double(i) * binWidth));
        const int hAll = barHeight(m_all[i]);
        p.fillRect(x, r.bottom() - hAll, w, hAll, all);
        const int hShown = barHeight(m_shown[i]);
        p.fillRect(x, r.bottom() - hShown, w, hShown, shown);
    }
    const std::vector<int> ticks = matchTicks();
    for (const int i : ticks) {
        const int x = r.left() + int(double(i) * binWidth);
        const int w = std::max(2, int(double(i + 1) * binWidth) - int(double(i) * binWidth));
        p.fillRect(x, r.top(), w, 5, QColor(0xe0, 0x9a, 0x00));
    }
    // Saved queries: each one's matches per bin, on the bars' scale.
    p.setRenderHint(QPainter::Antialiasing, true);
    for (size_t o = 0; o < m_overlayCounts.size() && o < size_t(m_overlays.size()); ++o) {
        const std::vector<int> &counts = m_overlayCounts[o];
        if (counts.size() != m_all.size())
            continue;
        QPainterPath path;
        for (size_t i = 0; i < counts.size(); ++i) {
            const double x = r.left() + (double(i) + 0.5) * binWidth;
            const double y = r.bottom() - barHeight(counts[i]);
            if (i == 0)
                path.moveTo(x, y);
            else
                path.lineTo(x, y);
        }
        p.setPen(QPen(m_overlays[int(o)].colour, 1.5));
        p.drawPath(path);
    }
    p.setRenderHint(QPainter::Antialiasing, false);
    if (m_viewFrom && m_viewTo) {
        const int x1 = xAt(*m_viewFrom), x2 = std::max(xAt(*m_viewTo), x1 + 2);
        p.fillRect(QRect(x1, r.top(), x2 - x1, r.height()), QColor(0xff, 0xa0, 0x00, 70));
        p.setPen(QColor(0xe0, 0x80, 0x00));
        p.drawRect(QRect(x1, r.top(), x2 - x1, r.height()));
    }
    if (m_dragFrom >= 0 && m_dragTo >= 0) {
        const QRect band(QPoint(std::min(m_dragFrom, m_dragTo), r.top()),
                         QPoint(std::max(m_dragFrom, m_dragTo), r.bottom()));
        QColor band60 = shown;
        band60.setAlpha(60);
        p.fillRect(band, band60);
    }
    p.setPen(palette().text().color());
    const QList<Label> texts = labels();
    for (const Label &label : texts)
        p.drawText(label.rect, Qt::AlignLeft | Qt::AlignVCenter, label.text);
}

QList<TimelineWidget::Label> TimelineWidget::labels() const
{
    QList<Label> out;
    if (m_all.empty() || m_max <= m_min)
        return out;
    const QRect r = plotRect();
    const QFontMetrics fm = fontMetrics();
    const int top = r.bottom() + 2, height = std::min(fm.height(), std::max(1, this->height() - top));
    const int gap = fm.horizontalAdvance(QStringLiteral("  "));
    const bool utc = m_model->utc();
    const int peak = std::max(1, *std::max_element(m_all.begin(), m_all.end()));
    // The widest form that fits: full times and the peak, then shorter times, then the first time alone. A
    // form never leaves out what tells the two ends apart: the year when they are in different years, the
    // day when they are on different days.
    const QDateTime first = QDateTime::fromMSecsSinceEpoch(m_min / 1000000, utc ? Qt::UTC : Qt::LocalTime);
    const QDateTime last = QDateTime::fromMSecsSinceEpoch(m_max / 1000000, utc ? Qt::UTC : Qt::LocalTime);
    QStringList formats;
    if (first.date().year() != last.date().year())
        formats = {QStringLiteral("yyyy-MM-dd HH:mm:ss"), QStringLiteral("yyyy-MM-dd HH:mm"),
                   QStringLiteral("yyyy-MM-dd"), QStringLiteral("yyyy")};
    else if (first.date() != last.date())
        formats = {QStringLiteral("MM-dd HH:mm:ss"), QStringLiteral("MM-dd HH:mm"), QStringLiteral("MM-dd")};
    else
        formats = {QStringLiteral("MM-dd HH:mm:ss"), QStringLiteral("HH:mm:ss"), QStringLiteral("HH:mm")};
    for (const QString &format : std::as_const(formats)) {
        const QString left = first.toString(format), right = last.toString(format);
        const int lw = fm.horizontalAdvance(left), rw = fm.horizontalAdvance(right);
        if (lw + gap + rw > r.width())
            continue;
        out.append({QRect(r.left(), top, lw, height), left});
        out.append({QRect(r.right() + 1 - rw, top, rw, height), right});
        const QString middle = tr("peak %1 events per bar").arg(peak);
        const int mw = fm.horizontalAdvance(middle);
        const int mx = r.left() + (r.width() - mw) / 2;
        if (mx >= r.left() + lw + gap && mx + mw + gap <= r.right() + 1 - rw)
            out.append({QRect(mx, top, mw, height), middle});
        return out;
    }
    const QString left = first.toString(formats.last());
    if (fm.horizontalAdvance(left) <= r.width())
        out.append({QRect(r.left(), top, fm.horizontalAdvance(left), height), left});
    return out;
}

void TimelineWidget::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return;
    m_dragFrom = m_dragTo = int(event->position().x());
}

void TimelineWidget::mouseMoveEvent(QMouseEvent *event)
{
    if (m_dragFrom < 0)
        return;
    m_dragTo = int(event->position().x());
    update();
}

void TimelineWidget::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_dragFrom < 0 || event->button() != Qt::LeftButton)
        return;
    const int from = m_dragFrom, to = int(event->position().x());
    m_dragFrom = m_dragTo = -1;
    update();
    if (m_max <= m_min)
        return;
    if (std::abs(to - from) < 4)
        Q_EMIT timeClicked(timeAt(to));
    else
        Q_EMIT rangeSelected(timeAt(std::min(from, to)), timeAt(std::max(from, to)));
}

void TimelineWidget::resizeEvent(QResizeEvent *)
{
    recount();
}
