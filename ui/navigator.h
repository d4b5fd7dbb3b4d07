// SPDX-License-Identifier: MIT
#pragma once

#include "eventfilter.h"

#include <QObject>

class BookmarkModel;
class BookmarksPanel;
class ContextControl;
class DetailPane;
class EventTableModel;
class EventTableView;
class FindBar;
class FindController;
class JournalLoader;
class MarkedRowDelegate;
class QAction;
class QDockWidget;
class QMainWindow;
class QMenu;
class TimelineWidget;

// Moving through a journal, in one place: find without filtering (the find bar, n/N and F3/Shift+F3 to the
// next or previous match, highlights in the table, the detail pane and the timeline), context around a
// filter's matches, and bookmarks (M to toggle, Ctrl+M to name, ' and " or Ctrl+] and Ctrl+[ to the next or
// previous, and their panel). It owns the FindController and the BookmarkModel and works on the window's
// table, detail pane and timeline through their public interfaces. GUI thread only.
class Navigator : public QObject
{
    Q_OBJECT
public:
    Navigator(QMainWindow *window, EventTableModel *model, EventTableView *table, JournalLoader *loader,
              DetailPane *detail, TimelineWidget *timeline, QObject *parent = nullptr);
    ~Navigator() override;

    FindBar *findBar() const { return m_findBar; }
    ContextControl *contextControl() const { return m_context; }
    FindController *finder() const { return m_finder; }
    BookmarkModel *bookmarks() const { return m_bookmarks; }
    BookmarksPanel *bookmarksPanel() const { return m_panel; }
    QDockWidget *bookmarksDock() const { return m_dock; }
    MarkedRowDelegate *delegate() const { return m_delegate; }

    // Adds the find, bookmark and panel actions with their shortcuts.
    void addActions(QMenu *view, QMenu *bookmarksMenu);
    // The window's filter changed: the find looks among its rows.
    void setFilter(const EventFilter &filter);

    void openFind();
    // To the next (or previous) match from the selected event (or the rows in view).
    void findNext(bool forward);
    // M: on the selected event.
    void toggleBookmark();
    // Ctrl+M: bookmarks the selected event if needed and asks for its name.
    void nameBookmark();
    void nextBookmark(bool forward);
    // Selects a bookmark's event, or says why it cannot.
    void goToBookmark(int bookmark);

Q_SIGNALS:
    // Something to tell the user in the window's notice line.
    void noticeRequested(const QString &text);

private:
    void queryChanged();
    void stepped(qint64 indexRow, bool wrapped);
    void updateFindStatus();
    qint64 stepOrigin(bool forward) const;

    QMainWindow *m_window;
    EventTableModel *m_model;
    EventTableView *m_table;
    JournalLoader *m_loader;
    DetailPane *m_detail;
    TimelineWidget *m_timeline;
    FindController *m_finder;
    BookmarkModel *m_bookmarks;
    FindBar *m_findBar;
    ContextControl *m_context;
    BookmarksPanel *m_panel;
    QDockWidget *m_dock;
    MarkedRowDelegate *m_delegate;
    bool m_lastForward = true;
    QString m_note;
};
