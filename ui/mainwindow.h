// SPDX-License-Identifier: MIT
#pragma once

#include "eventtablemodel.h"

#include <QMainWindow>
#include <QTimer>

#include <optional>

class DetailPane;
class EventTableView;
class FilterBar;
class FontZoom;
class JournalLoader;
class LiveFeed;
class Navigator;
class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QPushButton;
class QSplitter;
class QToolButton;
class RetentionPanel;
class SessionsPanel;
class RowActions;
class TableColumns;
class TimelineWidget;

// The browser's window: the event table with its filter bar, the sessions sidebar, the detail pane, and a
// status bar with the retained window (events, files, oldest and newest seq), malformed lines, follow state
// and load progress. Follow mode (F, End) keeps the newest row in view; scrolling up or Home pauses it and
// counts what arrives meanwhile. A paused view and the selection stay on their events (EventTableView).
// Notices (prunes, reloads, errors) show in one dismissable line above the table.
class NoticeBar;
class QueryCompletionModel;
class SavedQueryModel;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens a bamboo directory or its events directory; errors show in the window.
    bool openDirectory(const QString &path);
    // Opens a running server's live feed (http(s)://host:port): recorded into a spool and browsed from there.
    bool openUrl(const QString &url);
    LiveFeed *liveFeed() const { return m_live; }
    void setFollowing(bool follow);
    bool isFollowing() const;
    bool goToSeq(quint64 seq);
    // Opens the doctor's findings for the current directory (computed on a worker).
    void openDoctor();
    void showRetention(bool show);
    // The export dialog, prefilled from the current filter (or the selected row).
    void openExport();
    // The export dialog with the range starting at `seq`.
    void openExportFrom(quint64 seq);
    // Shows the Session panel (the current row's session).
    void showSessionPanel();

    EventTableModel *model() const { return m_model; }
    JournalLoader *loader() const { return m_loader; }
    EventTableView *table() const { return m_table; }
    DetailPane *detail() const { return m_detail; }
    FilterBar *filterBar() const { return m_filterBar; }
    TimelineWidget *timeline() const { return m_timeline; }
    SavedQueryModel *savedQueries() const { return m_savedQueries; }
    RetentionPanel *retention() const { return m_retention; }
    QString noticeText() const;
    NoticeBar *notice() const { return m_notice; }
    TableColumns *columns() const { return m_columns; }
    RowActions *rowActions() const { return m_rowActions; }
    FontZoom *fontZoom() const { return m_fontZoom; }
    // Find, context and bookmarks.
    Navigator *navigator() const { return m_navigator; }

Q_SIGNALS:
    // The first full index of the opened directory is in the table.
    void loaded();

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void setUpTable();
    void setUpLayout();
    void setUpStatusBar();
    void setUpDocks();
    void createMenus();
    void connectTable();
    void connectFilters();
    void connectLoader();
    void connectLiveFeed();
    void openDialog();
    void promptGoToSeq();
    void showNotice(const QString &text, bool error = false);
    void closeJournal();
    void followingChanged(bool follow);
    void selectedEventGone(const QString &reason);
    void showPruned(const QStringList &files, quint64 oldest, bool hasOldest);
    void showPrunedSelection();
    void updateColumnWidths();
    void showFilterProgress();
    void updateStatus();
    void updateRecentMenu();
    void addRecent(const QString &dir);
    void selectionChanged();
    void rowsArrived(const QModelIndex &parent, int first, int last);
    void updateUnseen();
    void refreshSidebar();
    void updateViewport();
    void jumpToTime(qint64 nanos);
    void restoreSettings();
    void saveSettings();

    EventTableModel *m_model;
    JournalLoader *m_loader;
    EventTableView *m_table;
    FilterBar *m_filterBar;
    SavedQueryModel *m_savedQueries;
    QueryCompletionModel *m_queryCompletions;
    SessionsPanel *m_sessions;
    TimelineWidget *m_timeline;
    RetentionPanel *m_retention = nullptr;
    QDockWidget *m_retentionDock = nullptr;
    QDockWidget *m_sessionDock = nullptr;
    DetailPane *m_detail;
    TableColumns *m_columns = nullptr;
    RowActions *m_rowActions = nullptr;
    FontZoom *m_fontZoom = nullptr;
    QSplitter *m_splitter;
    NoticeBar *m_notice;
    QLabel *m_statusEvents;
    QLabel *m_statusWindow;
    QLabel *m_statusMalformed;
    QToolButton *m_followButton;
    QPushButton *m_newEvents;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
    QMenu *m_recentMenu = nullptr;
    QAction *m_followAction = nullptr;
    QAction *m_utcAction = nullptr;
    QTimer m_sidebarTimer;
    qint64 m_unseen = 0;
    bool m_filtering = false;
    bool m_filterBusy = false;
    // Files pruned since the prune notice was last shown fresh or dismissed: one count over every scan.
    QStringList m_prunedFiles;
    quint64 m_prunedOldest = 0;
    bool m_prunedHasOldest = false;
    bool m_pruneNoticeShown = false;
    bool m_viewMovedByPrune = false;
    quint64 m_viewMovedTo = 0; // the seq the view moved to when its events were pruned
    // The selected event, while the detail pane says it was pruned.
    std::optional<EventTableModel::EventKey> m_prunedSelection;
    QString m_openedDir;
    LiveFeed *m_live;
    QLabel *m_statusLive;
    Navigator *m_navigator = nullptr;
};
