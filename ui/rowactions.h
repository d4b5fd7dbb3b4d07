// SPDX-License-Identifier: MIT
#pragma once

#include "jsonpath.h"
#include "latestjob.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <vector>

class MainWindow;
class QMenu;
class QModelIndex;
class QWidget;

// What a person does with rows of the event table: the row's context menu (copy the raw line, the seq, the
// cell or the event as indented JSON; filter for or filter out its session or type; export from its seq; show
// its session) and Ctrl+C, which copies the selected rows' raw lines. Lines are read on a worker and reach
// the clipboard when they arrive, byte for byte as in the file (a line that ends in CR LF keeps its CR),
// joined by "\n". A selection of more than MaxCopyRows rows or MaxCopyBytes bytes is refused with a notice
// rather than filling the clipboard. GUI thread only.
class RowActions : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 MaxCopyRows = 100000;
    static constexpr qint64 MaxCopyBytes = qint64(256) << 20;

    explicit RowActions(MainWindow *window);

    // The context menu of the row of `index` (its column says which cell "Copy cell" copies).
    QMenu *createMenu(const QModelIndex &index, QWidget *parent);
    // Copies the raw lines of the selected rows.
    void copySelectedLines();
    // Copies the raw lines of these model rows (ascending).
    void copyLines(const std::vector<int> &rows);
    void copyPrettyJson(int row);
    // Adds to the filter's query the term for the value at `path` in the line of index row `indexRow`
    // (QueryLanguage::valueTerm), read on a worker; with negate, the term that leaves it out.
    void filterByValue(qint64 indexRow, const JsonPath::Path &path, bool negate);
    bool isCopying() const { return m_copy.isRunning(); }

Q_SIGNALS:
    // The clipboard holds what was asked for: `rows` lines, `bytes` bytes.
    void copied(qint64 rows, qint64 bytes);
    void copyFailed(const QString &reason);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct Copy
    {
        QByteArray text;
        qint64 rows = 0;
        QString error;
    };
    void startCopy(std::vector<qint64> indexRows, bool pretty);
    void showMenu(const QPoint &pos);
    void refuse(const QString &reason);

    MainWindow *m_window;
    const QObject *m_table; // the window's table, only compared with (it may be half destroyed)
    LatestJob<Copy> m_copy;
    LatestJob<QString> m_term;
};
