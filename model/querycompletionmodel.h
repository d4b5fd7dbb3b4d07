// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractListModel>
#include <QFutureWatcher>

#include <atomic>
#include <memory>

class EventTableModel;

// What a query can continue with, for completion in the filter bar: the field paths seen in the journal, or
// the distinct values of one path with how many events carry each (the MaxValues most frequent). Both are
// computed on a worker over a snapshot of the rows; until they arrive the model keeps its previous rows, and
// rowsReady() says when the asked-for list is in. Paths are the built-in fields, the paths the event dialect
// describes, and those found in a sample of up to SamplePerType events of each type. Values come from the
// field columns of the journal's query cache (so the filter that follows reads them warm). GUI thread only.
class QueryCompletionModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        InsertRole = Qt::UserRole, // the text to put into the query: a path, or a value written as a literal
        CountRole,                 // events with this value; -1 for a path
    };
    enum class Kind { None, Paths, Values };
    static constexpr int MaxValues = 200;
    static constexpr int SamplePerType = 40;

    explicit QueryCompletionModel(EventTableModel *source, QObject *parent = nullptr);
    ~QueryCompletionModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    // Ask for the paths, or for the values of a path. A list already computed for the same journal state
    // comes at once (rowsReady() before this returns); otherwise a worker computes it.
    void requestPaths();
    void requestValues(const QString &path);
    Kind kind() const { return m_kind; }
    QString path() const { return m_path; }
    bool isBusy() const { return m_job.isRunning(); }

    struct Entry
    {
        QString display;
        QString insert;
        qint64 count = -1;
    };

Q_SIGNALS:
    void rowsReady();

private:
    void start(Kind kind, const QString &path);
    void finished();
    void show(Kind kind, const QString &path, const QList<Entry> &entries);

    EventTableModel *m_source;
    Kind m_kind = Kind::None;
    QString m_path;
    QList<Entry> m_entries;
    // What is being computed, and the last lists computed (dropped when the journal changes).
    Kind m_wantKind = Kind::None;
    QString m_wantPath;
    quint64 m_generation = 0;
    QList<Entry> m_paths;
    bool m_pathsValid = false;
    QString m_valuesPath;
    QList<Entry> m_values;
    bool m_valuesValid = false;
    struct Result
    {
        QList<Entry> entries;
        std::vector<std::pair<quint32, qint64>> ids; // session or type ids, by count (named on this thread)
    };
    QFutureWatcher<Result> m_job;
    Kind m_jobKind = Kind::None;
    QString m_jobPath;
    quint64 m_jobGeneration = 0;
    std::shared_ptr<std::atomic_bool> m_cancel;
};
