// SPDX-License-Identifier: MIT
#pragma once

#include "journaldoctor.h"
#include "latestjob.h"

#include <QDialog>
#include <QFutureWatcher>

class QLabel;
class QPlainTextEdit;
class QTreeWidget;

// The doctor's findings for the directory as it is now (indexed afresh on a worker): kind, place, message
// and what the server does about it. Activating a finding about an event asks to show its row; one about a
// malformed line or a torn tail shows the bytes around its offset.
class DoctorDialog : public QDialog
{
    Q_OBJECT
public:
    explicit DoctorDialog(const QString &eventsDir, QWidget *parent = nullptr);
    ~DoctorDialog() override;

    int findingCount() const;
    bool isRunning() const { return m_job.isRunning(); }

Q_SIGNALS:
    void seqRequested(quint64 seq);
    void checked(int findings);

private:
    void showBytes(const QString &file, qint64 offset);

    QString m_dir;
    QLabel *m_summary;
    QTreeWidget *m_list;
    QPlainTextEdit *m_bytes;
    QFutureWatcher<QList<DoctorFinding>> m_job;
    LatestJob<QString> m_bytesJob{this};
};
