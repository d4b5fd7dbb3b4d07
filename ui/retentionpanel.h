// SPDX-License-Identifier: MIT
#pragma once

#include "journalpruner.h"
#include "journalreader.h"

#include <QFutureWatcher>
#include <QWidget>

class EventTableModel;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTreeWidget;

// What the server has kept: the retained window as a bar (one segment per file, the server's 64-file boot
// limit marked), oldest and newest seq, recover_max_seq as the server computes it, events and bytes; the
// resume check for a client cursor (the server's plan_replay); and prune with a preview that marks the rows
// that would go. Reading the directory (recover, replay, prune) happens on workers.
class RetentionPanel : public QWidget
{
    Q_OBJECT
public:
    static constexpr int ServerRetainedFiles = 64;

    explicit RetentionPanel(EventTableModel *model, QWidget *parent = nullptr);
    ~RetentionPanel() override;

    void setDirectory(const QString &eventsDir);
    // Recomputes from the model's index (and recover_max_seq on a worker).
    void refresh();
    void checkResume(quint64 cursor);
    void previewPrune(int keep);
    // Deletes what the preview shows (asks first unless confirm is false).
    void prune(bool confirm = true);

    QString resumeText() const;
    QString pruneText() const;
    int previewFileCount() const { return m_preview.deletableCount(); }

Q_SIGNALS:
    void resumeChecked(const JournalReader::ReplayPlan &plan);
    void pruned(const JournalPruner::Result &result);

private:
    class Bar;
    EventTableModel *m_model;
    QString m_dir;
    Bar *m_bar;
    QLabel *m_window;
    QLineEdit *m_cursor;
    QLabel *m_resume;
    QSpinBox *m_keep;
    QTreeWidget *m_previewList;
    QLabel *m_pruneSummary;
    QPushButton *m_pruneButton;
    JournalPruner::Plan m_preview;
    QFutureWatcher<JournalReader::Recovered> m_recoverJob;
    QFutureWatcher<JournalReader::ReplayPlan> m_resumeJob;
    QFutureWatcher<JournalPruner::Result> m_pruneJob;
    QString m_recovered;
    QString m_recoveredFor; // the newest file (name and size) m_recovered was computed from
};

Q_DECLARE_METATYPE(JournalReader::ReplayPlan)
Q_DECLARE_METATYPE(JournalPruner::Result)
