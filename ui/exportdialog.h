// SPDX-License-Identifier: MIT
#pragma once

#include "eventfilter.h"
#include "journalexporter.h"

#include <QDialog>
#include <QFutureWatcher>
#include <QTimer>

#include <atomic>
#include <memory>

class EventTableModel;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

// Export a filtered seq range: the range (prefilled from the current filter, else the whole journal), the
// format (jsonl, csv, journal), the destination, and before writing how many events and bytes it will be.
// Destinations inside the source journal are refused with the reason. Writing runs on a worker with a
// progress bar and Cancel, with an index of its own; the output appears whole or not at all. The last
// destination and format are remembered (QSettings). When the table already shows exactly this filter's
// rows (setTableMatches), the count of events is exact even with a text criterion.
class ExportDialog : public QDialog
{
    Q_OBJECT
public:
    ExportDialog(EventTableModel *model, const QString &eventsDir, const EventFilter &filter,
                 QWidget *parent = nullptr);
    ~ExportDialog() override;

    void setDestination(const QString &path);
    void setFormat(JournalExporter::Format format);
    void setRange(quint64 from, quint64 to);
    // The model's rows are this filter's matches (no filter run pending): counts can come from them.
    void setTableMatches(bool exact);
    QString criteriaText() const;
    QString destination() const;
    QString estimateText() const;
    QString problemText() const;
    bool canExport() const;
    void startExport();
    void cancelExport();

Q_SIGNALS:
    // error is empty on success; cancelled exports report "cancelled".
    void exportFinished(const QString &error);

private:
    void update();
    EventFilter currentFilter(bool *ok) const;
    JournalExporter::Format format() const;
    std::optional<qint64> countFromTable(const EventFilter &filter) const;

    EventTableModel *m_model;
    QString m_dir;
    EventFilter m_filter;
    QLineEdit *m_from;
    QLineEdit *m_to;
    QComboBox *m_format;
    QLineEdit *m_destination;
    QLabel *m_estimate;
    QLabel *m_problem;
    QProgressBar *m_progress;
    QPushButton *m_export;
    QPushButton *m_cancel;
    QPushButton *m_openFolder;
    QLabel *m_result;
    QLabel *m_criteria;
    bool m_tableMatches = false;
    std::shared_ptr<std::atomic_bool> m_cancelFlag;
    std::shared_ptr<std::atomic<qint64>> m_done;
    std::shared_ptr<std::atomic<qint64>> m_total;
    QTimer m_progressTimer;
    QFutureWatcher<JournalExporter::Result> m_job;
};
