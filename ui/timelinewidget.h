// SPDX-License-Identifier: MIT
#pragma once

#include "latestjob.h"

#include <QColor>
#include <QFutureWatcher>
#include <QList>
#include <QWidget>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

class EventTableModel;

// Events over time as a histogram across the whole retained window: all events in grey, the rows the current
// filter shows in colour, and the time span of the rows in view as a band. Click to jump to a time; drag to
// filter by a time range. Counts are recomputed from the model's index on a worker, at most once a second.
// Saved queries can be drawn over the bars: each one's matching events per bin as a line in its colour. Those
// counts are computed on a worker (over a snapshot of the rows, with the journal's query cache) whenever the
// bins are recounted or the overlays change; a newer request drops an older result.
class TimelineWidget : public QWidget
{
    Q_OBJECT
public:
    explicit TimelineWidget(EventTableModel *model, QWidget *parent = nullptr);
    ~TimelineWidget() override;

    // The time span of the rows in view (ns), or none.
    void setViewport(std::optional<qint64> from, std::optional<qint64> to);
    // Counts the bins again, on a worker; counted() tells when they are drawn.
    void recount();
    bool counting() const { return m_countJob.isRunning(); }
    // Whether any find match has its ts in [from, to] (ns); a tick marks each bin that holds one. Empty:
    // none.
    void setMatchProbe(std::function<bool(qint64, qint64)> probe);
    // The bins ticked as holding matches, as drawn.
    std::vector<int> matchTicks() const;
    QSize sizeHint() const override { return {600, 64}; }
    QSize minimumSizeHint() const override { return {100, 48}; }
    // The axis labels drawn (first time, last time, peak), each where it is drawn; those that would overlap
    // another at this width are left out.
    struct Label
    {
        QRect rect;
        QString text;
    };
    QList<Label> labels() const;

    struct Overlay
    {
        QString name;
        QString query;
        QColor colour;
    };
    void setOverlays(const QList<Overlay> &overlays);
    const QList<Overlay> &overlays() const { return m_overlays; }
    // Matching events per bin for overlay i, as last counted (empty before the first count lands).
    std::vector<int> overlayCounts(int i) const;
    bool overlaysBusy() const { return m_overlayJob.isRunning(); }

Q_SIGNALS:
    void overlaysCounted();
    void counted();

    void timeClicked(qint64 nanos);
    void rangeSelected(qint64 fromNanos, qint64 toNanos);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void countOverlays();
    void overlaysReady();
    qint64 timeAt(int x) const;
    int xAt(qint64 nanos) const;
    QRect plotRect() const;

    struct Counts
    {
        qint64 min = 0;
        qint64 max = 0;
        std::vector<int> all;
        std::vector<int> shown;
    };

    EventTableModel *m_model;
    LatestJob<Counts> m_countJob;
    qint64 m_min = 0;
    qint64 m_max = 0;
    std::vector<int> m_all;
    std::vector<int> m_shown;
    std::optional<qint64> m_viewFrom;
    std::optional<qint64> m_viewTo;
    int m_dragFrom = -1;
    int m_dragTo = -1;
    std::function<bool(qint64, qint64)> m_matchProbe;
    QList<Overlay> m_overlays;
    std::vector<std::vector<int>> m_overlayCounts;
    QFutureWatcher<std::vector<std::vector<int>>> m_overlayJob;
    std::shared_ptr<std::atomic_bool> m_overlayCancel;
    quint64 m_overlayGeneration = 0;
    quint64 m_overlayJobGeneration = 0;
    bool m_overlayPending = false;
};
