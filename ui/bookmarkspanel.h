// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class BookmarkModel;
class QLabel;
class QToolButton;
class QTreeView;

// The open journal's bookmarks: seq, time, name, summary and, for one whose event is not in the table, why
// (hidden by the filter; pruned or gone, greyed). Click or Enter goes to the event; F2 (or Rename) names it,
// Delete (or Remove) removes it; Export… and Import… write and read the bookmarks as JSON. GUI thread only.
class BookmarksPanel : public QWidget
{
    Q_OBJECT
public:
    explicit BookmarksPanel(BookmarkModel *model, QWidget *parent = nullptr);

    QTreeView *view() const { return m_view; }
    // The bookmark selected in the list, or -1.
    int currentBookmark() const;
    // What the Export… and Import… buttons do after asking for the file; the outcome shows under the list.
    bool exportTo(const QString &path);
    bool importFrom(const QString &path);
    QString messageText() const;
    // Ask for the file, then export or import.
    void askExport();
    void askImport();

Q_SIGNALS:
    // Go to this bookmark's event.
    void bookmarkActivated(int bookmark);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void renameCurrent();
    void removeCurrent();
    void updateButtons();

    BookmarkModel *m_model;
    QTreeView *m_view;
    QToolButton *m_rename;
    QToolButton *m_remove;
    QToolButton *m_export;
    QToolButton *m_import;
    QLabel *m_message;
};
