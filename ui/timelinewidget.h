// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QWidget>

#include <functional>
#include <optional>
#include <vector>

class EventTableModel;

// Events over time as a histogram across the whole retained window: all events in grey, the rows the current
// filter shows in colour, and the time span of the rows in view as a band. Click to jump to a time; drag to
// filter by a time range. Counts are recomputed from the model's index at most once a second.
class TimelineWidget : public QWidget
{
    Q_OBJECT
public:
    explicit TimelineWidget(EventTableModel *model, QWidget *parent = nullptr);

    // The time span of the rows in view (ns), or none.
    void setViewport(std::optional<qint64> from, std::optional<qint64> to);
    void recount();
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

Q_SIGNALS:
    void timeClicked(qint64 nanos);
    void rangeSelected(qint64 fromNanos, qint64 toNanos);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    qint64 timeAt(int x) const;
    int xAt(qint64 nanos) const;
    QRect plotRect() const;

    EventTableModel *m_model;
    qint64 m_min = 0;
    qint64 m_max = 0;
    std::vector<int> m_all;
    std::vector<int> m_shown;
    std::optional<qint64> m_viewFrom;
    std::optional<qint64> m_viewTo;
    int m_dragFrom = -1;
    int m_dragTo = -1;
    std::function<bool(qint64, qint64)> m_matchProbe;
};
