// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractListModel>
#include <QString>

#include <memory>

class QSettings;

// The user's saved queries: each a name, a query text, a colour ("#rrggbb") and whether the timeline draws
// its matches. Kept in QSettings (group "savedQueries") and written back on every change, so every window and
// the next session see them. Names are unique: saving under a name that exists replaces that query. GUI
// thread only.
class SavedQueryModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        NameRole = Qt::UserRole,
        QueryRole,
        ColourRole,   // "#rrggbb"
        TimelineRole, // bool
    };

    // Reads the default QSettings, or the INI file at settingsPath when given (tests).
    explicit SavedQueryModel(QObject *parent = nullptr, const QString &settingsPath = {});
    ~SavedQueryModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    struct Saved
    {
        QString name;
        QString query;
        QString colour;
        bool timeline = false;
    };
    const QList<Saved> &queries() const { return m_queries; }
    int find(const QString &name) const;

    // Saves (or replaces) a query under a name; a new one gets the next colour of a fixed palette. Returns
    // its row, or -1 for an empty name.
    int save(const QString &name, const QString &query);
    // False when the new name is empty or taken by another query.
    bool rename(int row, const QString &name);
    void remove(int row);
    void setColour(int row, const QString &colour);
    void setOnTimeline(int row, bool on);

    static const QStringList &palette();

private:
    void write();

    std::unique_ptr<QSettings> m_settings;
    QList<Saved> m_queries;
};
